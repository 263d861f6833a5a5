"""Sort options: a key on the record in the store dialect's value order, with a deterministic tie-break.

Each kind lists its options (Prefect's sort enum names) in its folder
(``entities/<kind>/sorts.py``), built with :func:`by` and :class:`Sort`.

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
from enum import Enum
from functools import total_ordering
from typing import Any

from ..dialects import Dialect
from .evaluate import field_getter

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


def by(field: str, descending: bool) -> Sort:
    """The order of one field (a column or a computed field); a sorted index on it gives it directly."""
    return Sort(_column(field), descending, field)


def sort_enum(name: str, options: Iterable[str]) -> type[Enum]:
    """Prefect's sort enum named `name`: one member per option, in the given order (its error message's order).

    Built from a kind's options so that the enum a body is validated against
    and the keys that sort never list the names twice.
    """
    return Enum(name, [(option, option) for option in options], type=str, module=__name__)  # type: ignore[return-value]


def top(records: Iterable[Any], sort: Sort, now: int, offset: int, limit: int | None, dialect: Dialect) -> list[Any]:
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
