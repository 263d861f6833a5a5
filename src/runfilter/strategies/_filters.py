"""Filter strategies: JSON filter objects for every Prefect filter class, field and operator."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..entities import KINDS
from ._values import (
    JUNK,
    Vocabulary,
    like_patterns,
    pools,
    request_datetimes,
    state_type_lists,
    texts,
    uuid_texts,
    vocabulary,
)

# A field maps to an operand kind (a leaf operator) or to (has_operator, {field: ...}) for a sub-object.
Spec = dict[str, Any]

#: Every kind's filter class, by body key: (has ``operator``, field → operand kind or a nested spec);
#: declared by each kind (``FILTER_SPEC`` in ``entities/<kind>/strategies.py``; None for a kind without one).
FILTER_SPECS: dict[str, tuple[bool, Spec]] = {
    kind.name: part.FILTER_SPEC
    for kind in KINDS
    if (part := kind.part("strategies")) is not None and part.FILTER_SPEC is not None
}
# a kind's other filter classes, under their own names (the artifact collections' filter)
FILTER_SPECS.update(
    {
        name: spec
        for kind in KINDS
        if (part := kind.part("strategies")) is not None
        for name, spec in getattr(part, "OTHER_FILTER_SPECS", {}).items()
    }
)


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
    """The strategy for one operand kind (``ids:flows``, ``tags``, ``time``, a vocabulary role, ...) over `vocab`."""
    family, _, entity = kind.partition(":")
    if family == "ids":
        return _lists(uuid_texts(vocab.ids.get(entity, [])))
    if family == "names":
        return _lists(texts(vocab.names.get(entity, []), vocab.names.get(entity) or ["x"]))
    if family == "like":
        observed = [n for e in entity.split("+") for n in vocab.names.get(e, [])]
        return like_patterns(observed)
    special = {
        "bool": _booleans,
        "time": lambda: request_datetimes(vocab.role("instants")),
        "state_types": state_type_lists,
        "creator_ids": lambda: _lists(uuid_texts(vocab.role("creator_ids"))),
        "prefixes": lambda: _lists(like_patterns(vocab.role("queue_names") or list(pools()["queue_names"]))),
        "int": lambda: st.integers(-1, 5),
        # a log text search: its one field, query, is required (an object, never a subset of its fields)
        "text_search": lambda: like_patterns(vocab.names.get("logs") or ["error"]).map(lambda q: {"query": q}),
    }
    if family in special:
        return special[family]()
    return _lists(texts(vocab.role(family), pools()[family]))  # a vocabulary role: tags, state_names, ...


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
