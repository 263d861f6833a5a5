"""Operand strategies for filters, drawn from a dataset's own values so that filters match something."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from ._data import (
    CREATOR_TYPES,
    DEPLOYMENT_NAMES,
    FLOW_NAMES,
    FLOW_VERSIONS,
    IDEMPOTENCY_KEYS,
    MICRO_OFFSETS_US,
    POOL_NAMES,
    POOL_TYPES,
    QUEUE_NAMES,
    RUN_NAMES,
    STATE_NAMES,
    STATE_TYPES,
    TAGS,
    TASK_NAMES,
    instants,
)

_TIME_FIELDS = ("expected_start_time", "next_scheduled_start_time", "start_time", "end_time", "state_timestamp")


@dataclass
class Vocabulary:
    """The values a dataset holds, by role: what filters draw their operands from."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    state_names: list[str] = field(default_factory=list)
    flow_versions: list[str] = field(default_factory=list)
    queue_names: list[str] = field(default_factory=list)
    idempotency_keys: list[str] = field(default_factory=list)
    creator_ids: list[str] = field(default_factory=list)
    creator_types: list[str] = field(default_factory=list)
    pool_types: list[str] = field(default_factory=list)
    instants: list[dt.datetime] = field(default_factory=list)


def _sorted_unique(values: Any) -> list[Any]:
    return sorted({v for v in values if v is not None}, key=repr)


def vocabulary(dataset: dict[str, Any] | None) -> Vocabulary:
    """What `dataset` holds (None: the generators' own pools, so operands are still plausible)."""
    if dataset is None:
        return Vocabulary(
            names={
                "flows": list(FLOW_NAMES),
                "flow_runs": list(RUN_NAMES),
                "task_runs": list(TASK_NAMES),
                "deployments": list(DEPLOYMENT_NAMES),
                "work_pools": list(POOL_NAMES),
                "work_queues": list(QUEUE_NAMES),
            },
            tags=list(TAGS),
            state_names=[n for names in STATE_NAMES.values() for n in names],
            flow_versions=list(FLOW_VERSIONS),
            queue_names=list(QUEUE_NAMES),
            idempotency_keys=list(IDEMPOTENCY_KEYS),
            creator_types=list(CREATOR_TYPES),
            pool_types=list(POOL_TYPES),
        )
    kinds = ("flows", "work_pools", "work_queues", "deployments", "flow_runs", "task_runs")
    items = {kind: [i for i in dataset.get(kind) or [] if isinstance(i, dict)] for kind in kinds}
    runs = items["flow_runs"] + items["task_runs"]
    creators = [r.get("created_by") or {} for r in items["flow_runs"]]
    times = []
    for run in runs:
        for name in _TIME_FIELDS:
            if isinstance(run.get(name), str):
                times.append(dt.datetime.fromisoformat(run[name]))
    return Vocabulary(
        ids={kind: _sorted_unique(i.get("id") for i in items[kind]) for kind in kinds},
        names={kind: _sorted_unique(i.get("name") for i in items[kind]) for kind in kinds},
        tags=_sorted_unique(
            t
            for kind in ("flows", "deployments", "flow_runs", "task_runs")
            for i in items[kind]
            for t in i.get("tags") or []
        ),
        state_names=_sorted_unique(r.get("state_name") for r in runs),
        flow_versions=_sorted_unique(r.get("flow_version") for r in items["flow_runs"]),
        queue_names=_sorted_unique(
            [q.get("name") for q in items["work_queues"]]
            + [i.get("work_queue_name") for i in items["flow_runs"] + items["deployments"]]
        ),
        idempotency_keys=_sorted_unique(r.get("idempotency_key") for r in items["flow_runs"]),
        creator_ids=_sorted_unique(c.get("id") for c in creators),
        creator_types=_sorted_unique(c.get("type") for c in creators),
        pool_types=_sorted_unique(p.get("type") for p in items["work_pools"]),
        instants=sorted(set(times)),
    )


def _from(observed: list[Any], fallback: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value seen in the data, or (less often) `fallback`; shrinks toward the first seen value."""
    if not observed:
        return fallback
    return st.one_of(st.sampled_from(observed), st.sampled_from(observed), fallback)


def uuid_texts(observed: list[str]) -> st.SearchStrategy[str]:
    """An id from `observed` or a fresh one, sometimes in one of the spellings pydantic also accepts."""

    def spell(value: str, form: int) -> str:
        u = uuid.UUID(value)
        return (str(u), str(u).upper(), u.hex, "{" + str(u) + "}", f"urn:uuid:{u}", str(u))[form]

    fresh = st.integers(0, 2**128 - 1).map(lambda n: str(uuid.UUID(int=n)))
    form = st.integers(0, 9).map(lambda n: 0 if n < 5 else n - 4)
    return st.builds(spell, _from(observed, fresh), form)


def texts(observed: list[str], pool: tuple[str, ...] | list[str]) -> st.SearchStrategy[str]:
    """A string from the data, or from the generators' pool (which may match nothing)."""
    return _from(observed, st.sampled_from(list(pool) or [""]))


@st.composite
def like_patterns(draw: st.DrawFn, observed: list[str]) -> str:
    """A ``like_`` operand: a piece of a name, case-flipped or with ``%``/``_`` wildcards; sometimes ``""``.

    Names with non-ASCII letters are favoured for case flips (SQLite folds ASCII only).
    Shrinks toward the first letter of the first name.
    """
    names = observed or ["etl"]
    mode = draw(st.integers(0, 7))
    unusual = [n for n in names if not n.isascii()]
    if mode >= 5 and unusual:
        source = draw(st.sampled_from(unusual))
        at = next(i for i, ch in enumerate(source) if not ch.isascii())
        return source[: at + draw(st.integers(1, len(source) - at))].swapcase()
    source = draw(st.sampled_from(names)) or "x"
    start = draw(st.integers(0, len(source) - 1))
    text = source[start : draw(st.integers(start + 1, len(source)))]
    if mode in (1, 5, 6, 7):
        text = text.swapcase()
    elif mode == 2:
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + "_" + text[at + 1 :]
    elif mode == 3:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + "%" + text[at:]
    elif mode == 4:
        text = draw(st.sampled_from(("%", "_", "", "zzz", "E")))
    return text


def spell_datetime(value: dt.datetime, form: int) -> str:
    """`value` as request text: 0 ``Z``, 1 ``+02:00``, 2 naive, 3 space separator, 4 nine fraction digits,
    5 date only (where exact); forms that do not fit the value fall back to 0."""
    if form == 1:
        return value.astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat()
    if form == 2:
        return value.replace(tzinfo=None).isoformat()  # naive = UTC
    if form == 3:
        return value.isoformat().replace("+00:00", "Z").replace("T", " ")
    if form == 4 and value.microsecond == 0:
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "999Z"  # 9 digits: truncated to µs
    if form == 5 and value.hour == value.minute == value.second == value.microsecond == 0:
        return value.strftime("%Y-%m-%d")
    return value.isoformat().replace("+00:00", "Z")


@st.composite
def request_datetimes(draw: st.DrawFn, observed: list[dt.datetime]) -> str | int:
    """A ``before_``/``after_``/history bound: a data instant (±1 µs) or a grid point, in varied spellings."""
    value = draw(st.sampled_from(observed)) if observed and draw(st.booleans()) else draw(instants(micro=False))
    shift = draw(st.integers(0, 9))
    if shift >= 8:
        value += dt.timedelta(microseconds=MICRO_OFFSETS_US[shift - 8])
    form = draw(st.integers(0, 15))
    if form == 15 and value.microsecond == 0:
        return int(value.timestamp())  # epoch seconds as a JSON number
    return spell_datetime(value, max(0, form - 9))


def state_type_lists() -> st.SearchStrategy[list[str]]:
    """Lists of state types (possibly empty)."""
    return st.lists(st.sampled_from(STATE_TYPES), max_size=3)


#: Values of the wrong type for each kind of operand, used for occasional invalid bodies.
JUNK = (
    "not-a-list",
    ["not-a-uuid"],
    [1, 2],
    [None],
    "maybe",
    2,
    "yesterday-ish",
    {"nested": True},
    ["completed"],
    1.5,
)
