"""Filter strategies: JSON filter objects for every Prefect filter class, field and operator."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ._data import FLOW_VERSIONS, IDEMPOTENCY_KEYS, POOL_TYPES, QUEUE_NAMES, STATE_NAMES, TAGS
from ._values import (
    JUNK,
    Vocabulary,
    like_patterns,
    request_datetimes,
    state_type_lists,
    texts,
    uuid_texts,
    vocabulary,
)

# A field maps to an operand kind (a leaf operator) or to (has_operator, {field: ...}) for a sub-object.
Spec = dict[str, Any]

FILTER_SPECS: dict[str, tuple[bool, Spec]] = {
    "flows": (
        True,
        {
            "id": (False, {"any_": "ids:flows", "not_any_": "ids:flows"}),
            "deployment": (True, {"is_null_": "bool"}),
            "name": (False, {"any_": "names:flows", "like_": "like:flows"}),
            "tags": (True, {"all_": "tags", "is_null_": "bool"}),
        },
    ),
    "flow_runs": (
        True,
        {
            "id": (False, {"any_": "ids:flow_runs", "not_any_": "ids:flow_runs"}),
            "name": (False, {"any_": "names:flow_runs", "like_": "like:flow_runs"}),
            "tags": (True, {"all_": "tags", "any_": "tags", "is_null_": "bool"}),
            "deployment_id": (True, {"any_": "ids:deployments", "is_null_": "bool"}),
            "work_queue_name": (True, {"any_": "queue_names", "is_null_": "bool"}),
            "state": (
                True,
                {
                    "type": (False, {"any_": "state_types", "not_any_": "state_types"}),
                    "name": (False, {"any_": "state_names", "not_any_": "state_names"}),
                },
            ),
            "flow_version": (False, {"any_": "flow_versions"}),
            "start_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
            "end_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
            "expected_start_time": (False, {"before_": "time", "after_": "time"}),
            "next_scheduled_start_time": (False, {"before_": "time", "after_": "time"}),
            "parent_flow_run_id": (True, {"any_": "ids:flow_runs"}),
            "parent_task_run_id": (True, {"any_": "ids:task_runs", "is_null_": "bool"}),
            "idempotency_key": (False, {"any_": "idempotency_keys", "not_any_": "idempotency_keys"}),
            "created_by": (True, {"id_": "creator_ids", "type_": "creator_types", "is_null_": "bool"}),
        },
    ),
    "task_runs": (
        True,
        {
            "id": (False, {"any_": "ids:task_runs"}),
            "name": (False, {"any_": "names:task_runs", "like_": "like:task_runs"}),
            "tags": (True, {"all_": "tags", "is_null_": "bool"}),
            "state": (
                True,
                {
                    "type": (False, {"any_": "state_types"}),
                    "name": (False, {"any_": "state_names"}),
                },
            ),
            "start_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
            "end_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
            "expected_start_time": (False, {"before_": "time", "after_": "time"}),
            "subflow_runs": (False, {"exists_": "bool"}),
            "flow_run_id": (True, {"any_": "ids:flow_runs", "is_null_": "bool"}),
        },
    ),
    "deployments": (
        True,
        {
            "id": (False, {"any_": "ids:deployments", "not_any_": "ids:deployments"}),
            "name": (False, {"any_": "names:deployments", "like_": "like:deployments"}),
            "flow_or_deployment_name": (False, {"like_": "like:deployments+flows"}),
            "paused": (False, {"eq_": "bool"}),
            "tags": (True, {"all_": "tags", "any_": "tags", "is_null_": "bool"}),
            "work_queue_name": (False, {"any_": "queue_names"}),
            "concurrency_limit": (False, {"ge_": "int", "le_": "int", "is_null_": "bool"}),
        },
    ),
    "work_pools": (
        True,
        {
            "id": (False, {"any_": "ids:work_pools"}),
            "name": (False, {"any_": "names:work_pools"}),
            "type": (False, {"any_": "pool_types"}),
        },
    ),
    "work_queues": (
        True,
        {
            "id": (False, {"any_": "ids:work_queues"}),
            "name": (False, {"any_": "names:work_queues", "startswith_": "prefixes"}),
        },
    ),
}
_ALL_STATE_NAMES = tuple(n for names in STATE_NAMES.values() for n in names)


def _some_keys(draw: st.DrawFn, keys: list[str], most: int) -> list[str]:
    """Up to `most` distinct keys (uniformly many, not Hypothesis' short-list bias); shrinks toward none."""
    count = draw(st.integers(0, min(most, len(keys))))
    return draw(st.permutations(keys))[:count] if count else []


def _lists(element: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(element, max_size=3)


_LAX_TRUE = ("true", "yes", "on", "1", "t", "Y", 1)
_LAX_FALSE = ("false", "no", "off", "0", "f", "N", 0)


@st.composite
def _booleans(draw: st.DrawFn) -> bool | str | int:
    value = draw(st.booleans())
    if draw(st.integers(0, 7)) == 7:  # a spelling pydantic's lax bool also accepts
        return draw(st.sampled_from(_LAX_TRUE if value else _LAX_FALSE))
    return value


def operand(kind: str, vocab: Vocabulary) -> st.SearchStrategy[Any]:
    """The strategy for one operand kind (``ids:flows``, ``tags``, ``time``, ...) over `vocab`."""
    family, _, entity = kind.partition(":")
    if family == "ids":
        return _lists(uuid_texts(vocab.ids.get(entity, [])))
    if family == "names":
        return _lists(texts(vocab.names.get(entity, []), vocab.names.get(entity) or ["x"]))
    if family == "like":
        observed = [n for e in entity.split("+") for n in vocab.names.get(e, [])]
        return like_patterns(observed)
    simple = {
        "tags": lambda: _lists(texts(vocab.tags, TAGS)),
        "bool": _booleans,
        "time": lambda: request_datetimes(vocab.instants),
        "state_types": state_type_lists,
        "state_names": lambda: _lists(texts(vocab.state_names, _ALL_STATE_NAMES)),
        "flow_versions": lambda: _lists(texts(vocab.flow_versions, FLOW_VERSIONS)),
        "queue_names": lambda: _lists(texts(vocab.queue_names, QUEUE_NAMES)),
        "idempotency_keys": lambda: _lists(texts(vocab.idempotency_keys, IDEMPOTENCY_KEYS)),
        "creator_ids": lambda: _lists(uuid_texts(vocab.creator_ids)),
        "creator_types": lambda: _lists(texts(vocab.creator_types, ("DEPLOYMENT", "USER"))),
        "pool_types": lambda: _lists(texts(vocab.pool_types, POOL_TYPES)),
        "prefixes": lambda: _lists(like_patterns(vocab.queue_names or list(QUEUE_NAMES))),
        "int": lambda: st.integers(-1, 5),
    }
    return simple[family]()


@st.composite
def filter_object(
    draw: st.DrawFn, spec: Spec, has_operator: bool, vocab: Vocabulary, invalid: bool, max_fields: int = 3
) -> dict[str, Any]:
    """A filter object of one class: a few of its fields (sub-objects recursively), maybe ``operator``.

    Fields are sometimes ``null``; with `invalid`, rarely an unknown key, a
    value of the wrong type or a bad operator. Shrinks toward ``{}``.
    """
    out: dict[str, Any] = {}
    for key in _some_keys(draw, sorted(spec), max_fields):
        entry = spec[key]
        if draw(st.integers(0, 11)) == 11:
            out[key] = None
        elif isinstance(entry, tuple):
            out[key] = draw(filter_object(entry[1], entry[0], vocab, invalid, max_fields=len(entry[1])))
        else:
            out[key] = draw(operand(entry, vocab))
    if has_operator and draw(st.integers(0, 2)) == 2:
        out["operator"] = draw(st.sampled_from(("and_", "or_", "or_")))
    if invalid and draw(st.integers(0, 24)) == 24:
        how = draw(st.integers(0, 2))
        if how == 0:
            out[draw(st.sampled_from(("bogus_", "not_any_", "operator", "like_")))] = draw(st.sampled_from(JUNK))
        elif how == 1 and out:
            out[draw(st.sampled_from(sorted(out)))] = draw(st.sampled_from(JUNK))
        else:
            out["operator"] = draw(st.sampled_from(("AND", "or", None, 1)))
    return out


def filters(kind: str, dataset: dict[str, Any] | None = None, invalid: bool = False) -> st.SearchStrategy[dict]:
    """Filter objects for body key `kind` (``flows``, ``flow_runs``, ``task_runs``, ``deployments``,
    ``work_pools``, ``work_queues``), with operands drawn from `dataset` when given.

    `invalid` allows rare malformed parts (Prefect answers those with a 422).
    Shrinks toward the empty filter ``{}``.
    """
    has_operator, spec = FILTER_SPECS[kind]
    return filter_object(spec, has_operator, vocabulary(dataset), invalid)


def flow_filters(dataset: dict[str, Any] | None = None, invalid: bool = False) -> st.SearchStrategy[dict]:
    """``FlowFilter`` bodies (``flows``: id, deployment, name, tags); shrinks toward ``{}``."""
    return filters("flows", dataset, invalid)


def flow_run_filters(dataset: dict[str, Any] | None = None, invalid: bool = False) -> st.SearchStrategy[dict]:
    """``FlowRunFilter`` bodies (``flow_runs``: all fifteen fields); shrinks toward ``{}``."""
    return filters("flow_runs", dataset, invalid)


def task_run_filters(dataset: dict[str, Any] | None = None, invalid: bool = False) -> st.SearchStrategy[dict]:
    """``TaskRunFilter`` bodies (``task_runs``); shrinks toward ``{}``."""
    return filters("task_runs", dataset, invalid)


def deployment_filters(dataset: dict[str, Any] | None = None, invalid: bool = False) -> st.SearchStrategy[dict]:
    """``DeploymentFilter`` bodies (``deployments``, incl. the ignored ``concurrency_limit``); shrinks toward ``{}``."""
    return filters("deployments", dataset, invalid)


def work_pool_filters(dataset: dict[str, Any] | None = None, invalid: bool = False) -> st.SearchStrategy[dict]:
    """``WorkPoolFilter`` bodies (``work_pools``); shrinks toward ``{}``."""
    return filters("work_pools", dataset, invalid)


def work_queue_filters(dataset: dict[str, Any] | None = None, invalid: bool = False) -> st.SearchStrategy[dict]:
    """``WorkQueueFilter`` bodies (``work_queues`` / ``work_pool_queues``); shrinks toward ``{}``."""
    return filters("work_queues", dataset, invalid)
