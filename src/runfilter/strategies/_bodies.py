"""Whole request bodies and paths for each query endpoint a dataset's records answer (``ENDPOINTS``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from ..api.dispatch import match
from ..entities.samples import GRID_HOURS, GRID_START
from ..entities.work_pools.strategies import NAMES as POOL_NAMES
from ._filters import _some_keys, filters
from ._values import spell_datetime, vocabulary

#: Every endpoint runfilter answers (Prefect 3.9.1's query endpoints); the last two have a path parameter.
ENDPOINTS = (
    "flow_runs/filter",
    "flow_runs/count",
    "flow_runs/paginate",
    "flow_runs/history",
    "task_runs/filter",
    "task_runs/count",
    "task_runs/paginate",
    "task_runs/history",
    "flows/filter",
    "flows/count",
    "flows/paginate",
    "deployments/filter",
    "deployments/count",
    "deployments/paginate",
    "work_pools/filter",
    "work_pools/count",
    "work_queues/filter",
    "logs/filter",
    "variables/filter",
    "variables/count",
    "artifacts/filter",
    "artifacts/count",
    "artifacts/latest/filter",
    "artifacts/latest/count",
    "automations/filter",
    "automations/count",
    "work_pools/{name}/queues/filter",
    # limit and offset only: no filter body
    "concurrency_limits/filter",
    "v2/concurrency_limits/filter",
    "work_pools/{name}/workers/filter",
)
POOL_QUEUES = "work_pools/{name}/queues/filter"
POOL_WORKERS = "work_pools/{name}/workers/filter"

#: The body keys that carry a filter (the queue filter has two: docs/semantics.md#body-keys).
_FILTER_BODY_KEYS = (
    "flows",
    "flow_runs",
    "task_runs",
    "deployments",
    "work_pools",
    "work_pool_queues",
    "work_queues",
    "logs",
    "variables",
    "artifacts",
    "workers",
    "automations",
)
#: Filter classes a body key carries on one entity's routes under another name: (entity, body key) → class.
_FILTER_CLASS = {("artifacts/latest", "artifacts"): "artifact_collections"}
_ENTITIES = (
    "flow_runs",
    "task_runs",
    "flows",
    "deployments",
    "work_pools",
    "work_queues",
    "logs",
    "variables",
    "artifacts",
    "artifacts/latest",
    "concurrency_limits",
    "v2/concurrency_limits",
    "automations",
)


def _route_params(endpoint: str) -> tuple[Any, ...]:
    route, _ = match("POST", endpoint.replace("{name}", "x"))
    return route.params.params  # type: ignore[union-attr]


def _filter_keys(endpoint: str) -> tuple[str, ...]:
    """The filter keys a route takes, in its parameter order (read off the served route)."""
    return tuple(p.name for p in _route_params(endpoint) if p.name in _FILTER_BODY_KEYS)


#: Filter keys each entity's routes take (docs/semantics.md#body-keys); every other key is ignored by Prefect.
FILTER_KEYS: dict[str, tuple[str, ...]] = {entity: _filter_keys(f"{entity}/filter") for entity in _ENTITIES}
FILTER_KEYS["workers"] = _filter_keys(POOL_WORKERS)
_HISTORY = _filter_keys("flow_runs/history")
#: Every sort option Prefect accepts, per entity (the members of each route's sort enum).
SORTS: dict[str, tuple[str, ...]] = {
    entity: tuple(member.value for member in type(sort.default))
    for entity in _ENTITIES
    if entity not in ("work_pools", "work_queues")
    for sort in _route_params(f"{entity}/filter")
    if sort.name == "sort"
}
_ALL_KEYS = (*_FILTER_BODY_KEYS, "sort", "limit", "offset", "page")
_MATCH_NOTHING = {"id": {"any_": []}}
_INTERVALS = (3600, 3600, 86400, 1800, 600, 60, 1, 7200.5, 1.5, "3600", 21600, 0.9999999)
_SPANS_S = (86400, 3600, 0, -3600, 21600, 3 * 86400, 5 * 86400, 10 * 86400, 100000.5)


def _parts(endpoint: str) -> tuple[str, str]:
    if endpoint == POOL_QUEUES:
        return "work_queues", "filter"
    if endpoint == POOL_WORKERS:
        return "workers", "filter"
    entity, _, action = endpoint.rpartition("/")
    return entity, action


def _rarely(draw: st.DrawFn, enabled: bool, one_in: int) -> bool:
    return enabled and draw(st.integers(0, one_in - 1)) == one_in - 1


@st.composite
def _limits(draw: st.DrawFn, invalid: bool) -> Any:
    if _rarely(draw, invalid, 10):
        return draw(st.sampled_from((-1, 201, 2.5, "x", "1e1", 10**30)))
    return draw(st.integers(0, 6) | st.sampled_from((200, 10, "3", 2.0, True, None)))


@st.composite
def _history_keys(draw: st.DrawFn, vocab: Any, invalid: bool) -> dict[str, Any]:
    observed = [v for v in vocab.role("instants") if v.minute == v.second == v.microsecond == 0]
    if observed and draw(st.booleans()):
        start = draw(st.sampled_from(observed))
    else:
        start = GRID_START + dt.timedelta(hours=draw(st.integers(-24, GRID_HOURS)))
    if draw(st.integers(0, 5)) == 5:
        start += dt.timedelta(microseconds=draw(st.sampled_from((1, 500, 999_999))))
    end = start + dt.timedelta(seconds=draw(st.sampled_from(_SPANS_S)))
    keys: dict[str, Any] = {
        "history_start": spell_datetime(start, draw(st.integers(0, 9)) // 2 if draw(st.booleans()) else 0),
        "history_end": spell_datetime(end, 0),
        "history_interval_seconds": draw(st.sampled_from(_INTERVALS)),
    }
    if _rarely(draw, invalid, 8):
        broken = draw(st.sampled_from(("history_start", "history_end", "history_interval_seconds")))
        keys[broken] = draw(st.sampled_from((None, "soon", 0.5, 0, -1, "abc", True)))
    return keys


@st.composite
def bodies(
    draw: st.DrawFn,
    endpoint: str,
    dataset: dict[str, Any] | None = None,
    invalid: bool = True,
    non_objects: bool = False,
) -> Any:
    """A request body for `endpoint` (one of :data:`ENDPOINTS`), with operands drawn from `dataset`.

    A few of the endpoint's filters, plus ``sort``/``limit``/``offset`` or
    ``page`` where the endpoint has them and the three history keys for the
    history endpoints. Keys set to ``null`` and keys the endpoint ignores
    (whose filters would match nothing if applied) appear now and then.
    With `invalid` (the default) a small share of bodies carry errors: bad
    sorts, out-of-range limits, malformed filters or history keys; with
    `non_objects` also, rarely, a body that is not a JSON object (``[]``,
    a string, ``null``...). Shrinks toward ``{}`` (toward the required
    history keys for history endpoints).
    """
    entity, action = _parts(endpoint)
    body: dict[str, Any] = {}
    accepted = _HISTORY if endpoint == "flow_runs/history" else FILTER_KEYS[entity]
    for key in _some_keys(draw, list(accepted), 3):
        kind = "work_queues" if key == "work_pool_queues" else _FILTER_CLASS.get((entity, key), key)
        body[key] = None if draw(st.integers(0, 14)) == 14 else draw(filters(kind, dataset, invalid))
    if action in ("filter", "paginate"):
        if entity in SORTS and draw(st.booleans()):
            body["sort"] = draw(st.sampled_from(SORTS[entity]))
            if _rarely(draw, invalid, 15):
                body["sort"] = draw(st.sampled_from(("name_asc", "START_TIME_ASC", "DURATION_ASC", 1, "")))
        if draw(st.booleans()):
            body["limit"] = draw(_limits(invalid))
        paging = "offset" if action == "filter" else "page"
        if draw(st.booleans()):
            low = 0 if paging == "offset" else 1
            body[paging] = draw(st.integers(low, low + 4) | st.sampled_from((None, 50, str(low + 1))))
            if _rarely(draw, invalid, 12):
                body[paging] = draw(st.sampled_from((low - 1, 1.5, "x", -10)))
    if action == "history":
        body.update(draw(_history_keys(vocabulary(dataset), invalid)))
    if draw(st.integers(0, 9)) == 9:
        ignored = [k for k in _ALL_KEYS if k not in body and k not in accepted and k not in _own_keys(action)]
        key = draw(st.sampled_from(ignored))
        body[key] = (
            _MATCH_NOTHING
            if key not in ("sort", "limit", "offset", "page")
            else draw(st.sampled_from(("BOGUS", 0, 10**6, -1)))
        )
    if _rarely(draw, non_objects, 40):  # decided last, so that shrinking prefers object bodies
        return draw(st.sampled_from(([], "body", 3, None, [{"flows": {}}])))
    return body


def _own_keys(action: str) -> tuple[str, ...]:
    return {"filter": ("sort", "limit", "offset"), "paginate": ("sort", "limit", "page")}.get(action, ())


@st.composite
def request_paths(draw: st.DrawFn, endpoint: str, dataset: dict[str, Any] | None = None) -> str:
    """The concrete path for `endpoint`: the pool-queue and pool-worker endpoints get a pool name from
    `dataset` (sometimes a wrong-case or unknown one, answered 404), URL-quoted. Shrinks toward the first pool."""
    if endpoint not in (POOL_QUEUES, POOL_WORKERS):
        return endpoint
    names = [p["name"] for p in (dataset or {}).get("work_pools") or []] or list(POOL_NAMES)
    name = draw(st.sampled_from(names))
    variant = draw(st.integers(0, 7))
    if variant == 6:
        name = name.swapcase()
    elif variant == 7:
        name = "no-such-pool"
    return endpoint.replace("{name}", quote(name, safe=""))


@st.composite
def requests(
    draw: st.DrawFn,
    dataset: dict[str, Any] | None = None,
    endpoints: tuple[str, ...] = ENDPOINTS,
    invalid: bool = True,
) -> dict[str, Any]:
    """A corpus-style case ``{"endpoint": path, "body": body}`` for one of `endpoints`.

    Shrinks toward an empty body (for one of the first endpoints).
    """
    endpoint = draw(st.sampled_from(endpoints))
    return {"endpoint": draw(request_paths(endpoint, dataset)), "body": draw(bodies(endpoint, dataset, invalid))}
