"""Operand strategies for filters, drawn from a dataset's own values so that filters match something.

Which values feed which operand role (``tags``, ``state_names``, ...) is
each kind's (``VOCABULARY`` in ``entities/<kind>/strategies.py``), as are
the pools that stand in when there is no dataset (``POOLS``).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from ..entities import KINDS
from ..entities.runs.strategies import STATE_TYPES
from ..entities.samples import MICRO_OFFSETS_US, TAGS, instants


def _parts() -> list[Any]:
    return [part for kind in KINDS if (part := kind.part("strategies")) is not None]


@functools.cache
def pools() -> dict[str, tuple[Any, ...]]:
    """Each operand role's stand-in values (every kind's ``POOLS``, in registry order, without repeats)."""
    out: dict[str, list[Any]] = {"tags": list(TAGS)}
    for part in _parts():
        for role, values in part.POOLS.items():
            out.setdefault(role, [])
            out[role] += [v for v in values if v not in out[role]]
    return {role: tuple(values) for role, values in out.items()}


@dataclass
class Vocabulary:
    """The values a dataset holds, by role: what filters draw their operands from.

    ``ids`` and ``names`` are per kind; ``roles`` holds the other operand
    roles (``tags``, ``state_names``, ``queue_names``, ``instants``, ...).
    """

    ids: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    roles: dict[str, list[Any]] = field(default_factory=dict)

    def role(self, name: str) -> list[Any]:
        """The values of one role (empty if the dataset has none)."""
        return self.roles.get(name, [])


def _sorted_unique(values: Any) -> list[Any]:
    return sorted({v for v in values if v is not None}, key=repr)


def vocabulary(dataset: dict[str, Any] | None) -> Vocabulary:
    """What `dataset` holds (None: the kinds' stand-in pools, so operands are still plausible)."""
    parts = {kind.name: part for kind in KINDS if (part := kind.part("strategies")) is not None}
    if dataset is None:
        return Vocabulary(
            names={name: list(part.NAMES) for name, part in parts.items()},
            roles={role: list(values) for role, values in pools().items()},
        )
    items = {name: [i for i in dataset.get(name) or [] if isinstance(i, dict)] for name in parts}
    collected: dict[str, list[Any]] = {}
    for name, part in parts.items():
        for role, values_of in part.VOCABULARY.items():
            bucket = collected.setdefault(role, [])
            for item in items[name]:
                bucket.extend(values_of(item))
    roles = {role: _sorted_unique(values) for role, values in collected.items() if role != "instants"}
    roles["instants"] = sorted(set(collected.get("instants", [])))
    return Vocabulary(
        ids={name: _sorted_unique(i.get("id") for i in items[name]) for name in parts},
        names={name: _sorted_unique(i.get("name") for i in items[name]) for name in parts},
        roles=roles,
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
