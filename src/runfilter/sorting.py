"""Sort keys of every entity, with SQLite's value order and a deterministic tie-break.

SQLite orders NULL before every value, strings by code point (UTF-8 byte
order), UUIDs by their lowercase text, timestamps chronologically
(prefect-semantics.md §5.2). Prefect leaves ties to the database plan
(§5.3); runfilter breaks them by insertion order (``seq``) in both
directions — a documented, deterministic choice.

Every key is a tuple ending in ``seq`` (ascending) so ``sorted``/``heapq``
give the same total order whatever order the candidates arrive in.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from . import sqlite_time
from .query.evaluate import field_getter

SortKey = Callable[[Any], tuple]


@total_ordering
class Descending:
    """Wraps a value so that ascending order of wrappers is descending order of values."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Descending) and self.value == other.value

    def __lt__(self, other: Descending) -> bool:
        return other.value < self.value


def _nullable(value: Any) -> tuple:
    # SQLite: NULL is smaller than every value
    return (0,) if value is None else (1, value)


@dataclass(frozen=True)
class Sort:
    """One sort option: a key on the record (µs/strings, NULL smallest) and a direction."""

    key: Callable[[Any, int], tuple]
    descending: bool
    #: the record field the order is on, when a sorted index on it gives exactly this order
    field: str | None = None

    def record_key(self, now: int) -> SortKey:
        """The full key: the value, then ``seq`` (negated for descending sorts, so ties stay in insertion order).

        Descending sorts compare this key in reverse (``reverse=True``).
        """
        key = self.key
        if self.descending:
            return lambda r: (key(r, now), -r.seq)
        return lambda r: (key(r, now), r.seq)


def _column(field: str) -> Callable[[Any, int], tuple]:
    get = field_getter(field)
    return lambda r, now: _nullable(get(r))


def _by(field: str, descending: bool) -> Sort:
    return Sort(_column(field), descending, field)


def _sqlite_estimated_run_time(r: Any, now: int) -> int | None:
    # The DURATION sorts compare TaskRun.estimated_run_time as SQLite computes
    # it in SQL: exact µs for non-running runs, millisecond-rounded julianday
    # arithmetic for RUNNING ones (NULL when the state timestamp is missing).
    if r.state_type != "RUNNING":
        return r.total_run_time
    if r.state_timestamp is None:
        return None
    return sqlite_time.running_duration(r.total_run_time, now, r.state_timestamp)


def _duration(primary_descending: bool) -> Callable[[Any, int], tuple]:
    # (estimated_run_time asc|desc, expected_start_time desc, id desc)
    def key(r: Any, now: int) -> tuple:
        run_time = _nullable(_sqlite_estimated_run_time(r, now))
        return (
            Descending(run_time) if primary_descending else run_time,
            Descending(_nullable(r.expected_start_time)),
            Descending(r.id),
        )

    return key


_RUN_COLUMNS = {
    "EXPECTED_START_TIME_ASC": _by("expected_start_time", False),
    "EXPECTED_START_TIME_DESC": _by("expected_start_time", True),
    "NAME_ASC": _by("name", False),
    "NAME_DESC": _by("name", True),
    "NEXT_SCHEDULED_START_TIME_ASC": _by("next_scheduled_start_time", False),
    "END_TIME_DESC": _by("end_time", True),
}
_NAMED = {
    "CREATED_DESC": _by("created", True),
    "UPDATED_DESC": _by("updated", True),
    "NAME_ASC": _by("name", False),
    "NAME_DESC": _by("name", True),
}

#: Sort options per table, by Prefect's sort-enum name.
SORTS: dict[str, dict[str, Sort]] = {
    "flow_runs": {
        "ID_DESC": _by("id", True),
        "START_TIME_ASC": _by("start_or_expected", False),
        "START_TIME_DESC": _by("start_or_expected", True),
        **_RUN_COLUMNS,
    },
    "task_runs": {
        "ID_DESC": _by("id", True),
        **_RUN_COLUMNS,
        "DURATION_DESC": Sort(_duration(True), False),
        "DURATION_ASC": Sort(_duration(False), False),
    },
    "flows": _NAMED,
    "deployments": _NAMED,
    # fixed orders of the endpoints without a sort parameter
    "work_pools": {"NAME_ASC": _by("name", False)},
    "work_queues": {"NAME_ASC": _by("name", False), "PRIORITY_ASC": _by("priority", False)},
}


def top(records: Iterable[Any], sort: Sort, now: int, offset: int, limit: int | None) -> list[Any]:
    """Records in `sort` order, skipping `offset`, at most `limit` (None = all).

    O(n log k) with ``heapq`` when a page is small, O(n log n) otherwise.
    """
    key = sort.record_key(now)
    if limit is None:
        return sorted(records, key=key, reverse=sort.descending)[offset:]
    wanted = offset + limit
    if wanted == 0:
        return []
    pick = heapq.nlargest if sort.descending else heapq.nsmallest
    return pick(wanted, records, key=key)[offset:]
