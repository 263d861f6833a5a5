"""Sort keys of every entity, in the store dialect's value order, with a deterministic tie-break.

Where NULL goes and how strings compare is the dialect's (on SQLite: NULL
first, code point order; docs/semantics.md#value-order); UUIDs sort by their
lowercase text, timestamps chronologically. Prefect leaves ties to the
database plan; runfilter breaks them by insertion order (``seq``) in both
directions — a documented, deterministic choice (docs/semantics.md#tie-order).

Every key is a tuple ending in ``seq`` (ascending) so ``sorted``/``heapq``
give the same total order whatever order the candidates arrive in.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from .dialects import Dialect
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


@dataclass(frozen=True)
class Sort:
    """One sort option: a key on the record in the dialect's value order, and a direction.

    ``key(dialect, now)`` builds the per-record key for one query.
    """

    key: Callable[[Dialect, int], Callable[[Any], Any]]
    descending: bool
    #: the record field the order is on, when a sorted index on it gives exactly this order
    field: str | None = None

    def record_key(self, now: int, dialect: Dialect) -> SortKey:
        """The full key: the value, then ``seq`` (negated for descending sorts, so ties stay in insertion order).

        Descending sorts compare this key in reverse (``reverse=True``).
        """
        key = self.key(dialect, now)
        if self.descending:
            return lambda r: (key(r), -r.seq)
        return lambda r: (key(r), r.seq)


def _column(field: str) -> Callable[[Dialect, int], Callable[[Any], Any]]:
    get = field_getter(field)

    def key(dialect: Dialect, now: int) -> Callable[[Any], Any]:
        order = dialect.order_key()
        return lambda r: order(get(r))

    return key


def _by(field: str, descending: bool) -> Sort:
    return Sort(_column(field), descending, field)


def sql_estimated_run_time(r: Any, now: int, dialect: Dialect) -> int | None:
    """``estimated_run_time`` as the database computes it in SQL (what the DURATION sorts compare).

    Exact µs for a run that is not RUNNING; for a RUNNING one the dialect's
    arithmetic (millisecond-rounded on SQLite), NULL without a state
    timestamp (docs/semantics.md#duration-sorts).
    """
    if r.state_type != "RUNNING":
        return r.total_run_time
    if r.state_timestamp is None:
        return None
    return dialect.dates.running_us(r.total_run_time, now, r.state_timestamp)


def _duration(primary_descending: bool) -> Callable[[Dialect, int], Callable[[Any], Any]]:
    # (estimated_run_time asc|desc, expected_start_time desc, id desc)
    def key(dialect: Dialect, now: int) -> Callable[[Any], Any]:
        order = dialect.order_key()

        def record_key(r: Any) -> tuple:
            run_time = order(sql_estimated_run_time(r, now, dialect))
            return (
                Descending(run_time) if primary_descending else run_time,
                Descending(order(r.expected_start_time)),
                Descending(r.id),
            )

        return record_key

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


def top(
    records: Iterable[Any], sort: Sort, now: int, offset: int, limit: int | None, dialect: Dialect
) -> list[Any]:
    """Records in `sort` order under `dialect`, skipping `offset`, at most `limit` (None = all).

    O(n log k) with ``heapq`` when a page is small, O(n log n) otherwise.
    """
    key = sort.record_key(now, dialect)
    if limit is None:
        return sorted(records, key=key, reverse=sort.descending)[offset:]
    wanted = offset + limit
    if wanted == 0:
        return []
    pick = heapq.nlargest if sort.descending else heapq.nsmallest
    return pick(wanted, records, key=key)[offset:]
