"""Sorted index: records ordered by one field in a dialect's value order, ties by insertion order.

Non-NULL values live in a ``SortedList`` of ``(value, seq, id)`` (the value
through the dialect's collation key, if it has one); records whose value is
NULL live in a second ``SortedList`` of ``(seq, id)`` that sorts before all
of them (``nulls_first``, SQLite) or after them. Iterating the two in turn is
exactly an ascending sort with runfilter's tie-break (insertion order).
Keeping NULLs apart avoids wrapping every value in an order key (a tuple per
entry).

Complexity: add/remove O(log n); a range lookup O(log n + result); the
first k entries of a walk O(log n + k).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain
from typing import Any

from sortedcontainers import SortedList

_NOTHING = object()


class SortedIndex:
    """A field's values in sort order, with the ids holding them."""

    __slots__ = ("_get", "nulls", "nulls_first", "values")

    def __init__(
        self, getter: Callable[[Any], Any], nulls_first: bool = True, collate: Callable[[Any], Any] | None = None
    ) -> None:
        # a collation key, if any, is applied to strings by the getter: stored values are sort keys
        self._get = getter if collate is None else lambda r: collate(v) if type(v := getter(r)) is str else v
        self.nulls_first = nulls_first
        self.values = SortedList()
        self.nulls = SortedList()

    def add(self, record: Any) -> None:
        """File `record`; O(log n)."""
        value = self._get(record)
        if value is None:
            self.nulls.add((record.seq, record.id))
        else:
            self.values.add((value, record.seq, record.id))

    def remove(self, record: Any) -> None:
        """Unfile `record` (it must have been added unchanged); O(log n)."""
        value = self._get(record)
        if value is None:
            self.nulls.remove((record.seq, record.id))
        else:
            self.values.remove((value, record.seq, record.id))

    def _range(self, low: Any, high: Any) -> tuple[int, int]:
        start = 0 if low is None else self.values.bisect_left((low,))
        stop = len(self.values) if high is None else self.values.bisect_right((high, float("inf")))
        return start, stop

    def between(self, low: Any, high: Any) -> Iterator[str]:
        """Ids whose value v satisfies ``low <= v <= high`` (None = unbounded); NULLs never match."""
        start, stop = self._range(low, high)
        for _value, _seq, record_id in self.values.islice(start, stop):
            yield record_id

    def count_between(self, low: Any, high: Any) -> int:
        """How many ids :meth:`between` yields; O(log n)."""
        start, stop = self._range(low, high)
        return max(0, stop - start)

    def ascending(self) -> Iterator[str]:
        """Ids in ascending value order (NULL before the values if ``nulls_first``), ties by insertion order."""
        nulls, values = (e[1] for e in self.nulls), (e[2] for e in self.values)
        return chain(nulls, values) if self.nulls_first else chain(values, nulls)

    def descending(self) -> Iterator[str]:
        """Ids in descending value order (NULLs on the other side), ties still by insertion order."""
        if self.nulls_first:
            return chain(self._descending_values(), (e[1] for e in self.nulls))
        return chain((e[1] for e in self.nulls), self._descending_values())

    def in_order(self, low: Any, high: Any, descending: bool) -> Iterator[str]:
        """Ids of :meth:`between` in :meth:`ascending` (or :meth:`descending`) order; O(log n) to start."""
        start, stop = self._range(low, high)
        if start >= stop:
            return iter(())
        if descending:
            return self._descending_values(start, stop)
        return (e[2] for e in self.values.islice(start, stop))

    def _descending_values(self, start: int = 0, stop: int | None = None) -> Iterator[str]:
        # walking backwards reverses ties too: buffer only real tie groups and re-reverse them
        previous: Any = _NOTHING
        pending: Any = None  # the previous id, or a list of ids tied on one value
        for value, _seq, record_id in self.values.islice(start, stop, reverse=True):
            if value == previous:
                if type(pending) is list:
                    pending.append(record_id)
                else:
                    pending = [pending, record_id]
                continue
            if pending is not None:
                if type(pending) is list:
                    yield from reversed(pending)
                else:
                    yield pending
            pending, previous = record_id, value
        if pending is not None:
            if type(pending) is list:
                yield from reversed(pending)
            else:
                yield pending

    def __len__(self) -> int:
        return len(self.values) + len(self.nulls)

    def check(self, records: dict[str, Any]) -> None:
        """Assert the index holds exactly `records` in order (test invariant)."""
        self.values._check()
        self.nulls._check()
        values = sorted((v, r.seq, r.id) for r in records.values() if (v := self._get(r)) is not None)
        nulls = sorted((r.seq, r.id) for r in records.values() if self._get(r) is None)
        assert values == list(self.values) and nulls == list(self.nulls), "sorted index out of sync"
