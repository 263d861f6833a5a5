"""The served endpoints: route a request, validate its body, answer it like Prefect.

Every endpoint follows one path — body spec (:mod:`runfilter.bodies`) →
condition IR (:mod:`runfilter.query.build`) → matching records
(:mod:`runfilter.query.planner`) → sort/page (:mod:`runfilter.sorting`) or
history (:mod:`runfilter.history`) → JSON (:mod:`runfilter.responses`). The
handlers below only say which table, which join rules and which row shape.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from . import history as hist
from .bodies import BODY_SPECS
from .entities.work_queues.slots import active_slots
from .errors import NotFoundError, RequestError, ServerError
from .history import INTERNAL_SERVER_ERROR
from .query.build import unusable_bounds
from .query.planner import QueryEngine
from .query.selection import FILTER_KEYS, Selection
from .responses import Renderer, RowCache
from .routes import match_prefect_route
from .sorting import SORTS
from .timeutil import to_us

NOT_FOUND = {"detail": "Not Found"}


@dataclass
class Context:
    """What a handler needs for one request: the query engine, the renderer and the clock (µs)."""

    engine: Any  # QueryEngine or naive.NaiveEngine: matching/count/select on a Selection, lookups by id or name
    render: Renderer
    now: int
    path_params: dict[str, str]


def _rows(ctx: Context, sel: Selection, sort: str, offset: int, limit: int) -> list[Any]:
    return ctx.engine.select(sel, SORTS[sel.table][sort], ctx.now, offset, limit)


def _paginate(ctx: Context, sel: Selection, v: dict[str, Any], row: Callable[[Any], Any]) -> dict[str, Any]:
    limit, page = v["limit"], v["page"]
    count = ctx.engine.count(sel)
    rows = _rows(ctx, sel, v["sort"].value, (page - 1) * limit, limit)
    return {
        "results": [row(r) for r in rows],
        "count": count,
        "limit": limit,
        "pages": math.ceil(count / limit) if limit > 0 else 0,
        "page": page,
    }


def _selection(table: str, v: dict[str, Any], queue_key: str | None = None, history: bool = False) -> Selection:
    """The body's filters for `table`.

    The queue filter's body key differs by endpoint (docs/semantics.md#body-keys): ``work_pool_queues``
    on flow-run and deployment endpoints, ``work_queues`` on history and the
    queue endpoints. `history` defers the request-datetime check to :func:`_history`.
    """
    if queue_key is None:
        queue_key = "work_pool_queues" if table in ("flow_runs", "deployments") else "work_queues"
    filters = {key: v.get(queue_key if key == "work_queues" else key) for key in FILTER_KEYS[table]}
    sel = Selection(table, filters)
    return sel if history else _bind_request_datetimes(sel)


def _bind_request_datetimes(sel: Selection) -> Selection:
    # Prefect answers 500 when its SQL binds a before_/after_ with a ±24:00 offset, whatever the data
    # and even for limit 0, where the engines take shortcuts: compiling the selection raises that
    # ServerError wherever SQLAlchemy would keep the bound (query.build._require_bindable_bounds).
    runs = (sel.filters.get("flow_runs"), sel.filters.get("task_runs"))
    if any(m is not None and unusable_bounds(m) for m in runs):
        sel.compile()
    return sel


def _list(table: str, row: Callable[[Context], Callable[[Any], Any]], default_sort: str | None = None) -> Handler:
    def handler(ctx: Context, v: dict[str, Any]) -> list[Any]:
        sort = v["sort"].value if default_sort is None else default_sort
        return [row(ctx)(r) for r in _rows(ctx, _selection(table, v), sort, v["offset"], v["limit"])]

    return handler


def _history(ctx: Context, sel: Selection, v: dict[str, Any]) -> list[dict[str, Any]]:
    interval = hist.interval_from_seconds(v["history_interval_seconds"])
    bounds, seconds_per_bucket = hist.plan_intervals(v["history_start"], v["history_end"], interval)
    if not bounds:
        return []
    _bind_request_datetimes(sel)  # after the empty-range answer, as in Prefect
    start_us, end_us = to_us(bounds[0]), to_us(bounds[-1])
    groups = ctx.engine.history_aggregate(sel, start_us, end_us, len(bounds) - 1, seconds_per_bucket, ctx.now)
    return hist.render_history(bounds, groups, ctx.engine.dialect)


def _pool_queues(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    name = ctx.path_params["name"]
    pool = ctx.engine.pool_named(name)
    if pool is None:
        raise NotFoundError(404, {"detail": f'Work pool "{name}" not found.'}, f"no work pool named {name!r}")
    sel = Selection("work_queues", {"work_queues": v["work_queues"]}, match={"work_pool_id": frozenset({pool.id})})
    rows = _rows(ctx, sel, "PRIORITY_ASC", v["offset"], v["limit"])
    return [ctx.render.work_queue(q, slots="pool_queues") for q in rows]


Handler = Callable[[Context, dict[str, Any]], Any]

#: One handler per served endpoint (keys as in :data:`runfilter.bodies.BODY_SPECS`).
HANDLERS: dict[str, Handler] = {
    "flow_runs/filter": _list("flow_runs", lambda c: c.render.flow_run),
    "flow_runs/count": lambda c, v: c.engine.count(_selection("flow_runs", v)),
    "flow_runs/paginate": lambda c, v: _paginate(c, _selection("flow_runs", v), v, c.render.flow_run),
    "flow_runs/history": lambda c, v: _history(c, _selection("flow_runs", v, "work_queues", history=True), v),
    "task_runs/filter": _list("task_runs", lambda c: c.render.task_run),
    "task_runs/count": lambda c, v: c.engine.count(_selection("task_runs", v)),
    "task_runs/paginate": lambda c, v: _paginate(c, _selection("task_runs", v), v, c.render.task_run_summary),
    "task_runs/history": lambda c, v: _history(c, _selection("task_runs", v, history=True), v),
    "flows/filter": _list("flows", lambda c: c.render.flow),
    "flows/count": lambda c, v: c.engine.count(_selection("flows", v)),
    "flows/paginate": lambda c, v: _paginate(c, _selection("flows", v), v, c.render.flow),
    "deployments/filter": _list("deployments", lambda c: c.render.deployment),
    "deployments/count": lambda c, v: c.engine.count(_selection("deployments", v)),
    "deployments/paginate": lambda c, v: _paginate(c, _selection("deployments", v), v, c.render.deployment),
    "work_pools/filter": _list("work_pools", lambda c: c.render.work_pool, default_sort="NAME_ASC"),
    "work_pools/count": lambda c, v: c.engine.count(_selection("work_pools", v)),
    "work_queues/filter": _list(
        "work_queues", lambda c: lambda q: c.render.work_queue(q, slots="work_queues"), default_sort="NAME_ASC"
    ),
    "work_pools/{name}/queues/filter": _pool_queues,
}


def _one(
    find: Callable[[Any, dict[str, str]], Any], row: Callable[[Context], Callable[[Any], Any]], missing: str
) -> Callable[[Context], Any]:
    """A GET handler reading one record: `find` it by the path parameters, else Prefect's 404 `missing` detail."""

    def handler(ctx: Context) -> Any:
        record = find(ctx.engine, ctx.path_params)
        if record is None:
            raise NotFoundError(404, {"detail": missing}, f"{missing.lower()}: {ctx.path_params}")
        return row(ctx)(record)

    return handler


#: The served GET routes (keys: Prefect's route template, as in :data:`runfilter.routes.PREFECT_ROUTES`), each
#: reading one record by id or name. Prefect reads no body on them, so neither do we.
READ_ONE: dict[str, Callable[[Context], Any]] = {
    "/flow_runs/{id:uuid}": _one(
        lambda e, p: e.record("flow_runs", p["id"]), lambda c: c.render.flow_run, "Flow run not found"
    ),
    # "Task not found", not "Task run not found": Prefect's detail for this route
    "/task_runs/{id:uuid}": _one(
        lambda e, p: e.record("task_runs", p["id"]), lambda c: c.render.task_run, "Task not found"
    ),
    "/flows/{id:uuid}": _one(lambda e, p: e.record("flows", p["id"]), lambda c: c.render.flow, "Flow not found"),
    "/flows/name/{name}": _one(lambda e, p: e.flow_named(p["name"]), lambda c: c.render.flow, "Flow not found"),
    "/deployments/{id:uuid}": _one(
        lambda e, p: e.record("deployments", p["id"]), lambda c: c.render.deployment, "Deployment not found"
    ),
    "/deployments/name/{flow_name}/{deployment_name}": _one(
        lambda e, p: e.deployment_named(p["flow_name"], p["deployment_name"]),
        lambda c: c.render.deployment,
        "Deployment not found",
    ),
}


def normalise_path(path: str) -> str:
    """``/api/flow_runs/filter`` → ``/flow_runs/filter`` (a leading slash added, one ``/api`` prefix removed).

    Only one of each: ``//flows/count`` and ``/api/api/flows/count`` are not
    Prefect routes (404), as on a real server.
    """
    path = path if path.startswith("/") else "/" + path
    return path[4:] if path == "/api" or path.startswith("/api/") else path


def route(method: str, path: str) -> tuple[str, dict[str, str]]:
    """The served endpoint for ``method path`` and its path parameters, or raise Prefect's 404/405/501."""
    path = normalise_path(path)
    method = method.upper()
    if method == "POST":
        key = path[1:]
        if key in HANDLERS:
            return key, {}
        parts = path.split("/")
        if len(parts) == 5 and parts[1] == "work_pools" and parts[3:] == ["queues", "filter"] and parts[2]:
            return "work_pools/{name}/queues/filter", {"name": unquote(parts[2])}
    outcome, prefect_route, params = match_prefect_route(method, path)
    if outcome == "found" and method == "GET" and prefect_route in READ_ONE:
        # Starlette's uuid convertor reads any case; records are keyed by canonical text
        return prefect_route, {
            name: str(uuid.UUID(value)) if f"{{{name}:uuid}}" in prefect_route else unquote(value)
            for name, value in params.items()
        }
    if outcome == "found":
        raise RequestError(
            501,
            {
                "detail": f"runfilter does not serve {method} {prefect_route} "
                f"(a Prefect API route; runfilter answers the query endpoints and reads of one record by id or name)"
            },
            f"not served by runfilter: {method} {path}",
        )
    if outcome == "method_not_allowed":
        raise RequestError(405, {"detail": "Method Not Allowed"}, f"method not allowed: {method} {path}")
    raise NotFoundError(404, NOT_FOUND, f"not found: {method} {path}")


def answer_request(store: Any, method: str, path: str, body: Any) -> Any:
    """Answer one request against `store` with the planned engine; the payload, or raise a :class:`RequestError`."""

    def context(path_params: dict[str, str]) -> Context:
        engine = QueryEngine(store)
        now = store.now_us()
        rows = store.derived(("row_cache",), RowCache)
        renderer = Renderer(store.tables, now, lambda flavor, rid: active_slots(engine, flavor, rid), rows)
        return Context(engine=engine, render=renderer, now=now, path_params=path_params)

    return answer(context, method, path, body)


def answer(make_context: Callable[[dict[str, str]], Context], method: str, path: str, body: Any) -> Any:
    """Run one request; returns the JSON-ready payload or raises a :class:`RequestError`."""
    endpoint, path_params = route(method, path)
    if endpoint in READ_ONE:
        return READ_ONE[endpoint](make_context(path_params))
    values = BODY_SPECS[endpoint].validate(body)
    _reject_unencodable(values.values())
    return HANDLERS[endpoint](make_context(path_params), values)


def _reject_unencodable(values: Any) -> None:
    # Reproduces Prefect's 500 for a string operand SQLite cannot encode (a lone
    # surrogate such as "\ud800"): every string of a validated filter is a bound
    # SQL parameter, even one our condition folding would drop.
    for value in values:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ServerError(
                    500, INTERNAL_SERVER_ERROR, "a filter string cannot be encoded (lone surrogate)"
                ) from None
        elif isinstance(value, (list, tuple, set, frozenset)):
            _reject_unencodable(value)
        elif isinstance(value, BaseModel):
            _reject_unencodable(getattr(value, name) for name in type(value).model_fields)


def status_and_payload(call: Callable[[], Any]) -> tuple[int, Any]:
    """``(200, payload)`` or the status and body of the :class:`RequestError` raised."""
    try:
        return 200, call()
    except RequestError as exc:
        return exc.status, exc.payload


__all__ = [
    "HANDLERS",
    "NOT_FOUND",
    "READ_ONE",
    "Context",
    "answer",
    "answer_request",
    "normalise_path",
    "route",
    "status_and_payload",
]
