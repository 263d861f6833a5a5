"""Posting index: each value of a field → the set of record ids holding it.

Used for ids, foreign keys, state types and names, names, tags (one posting
per tag: an inverted index) and other equality-tested fields. NULL is kept
under the key ``None`` so ``IS NULL`` is a lookup too.

Complexity: add/remove O(k) for a record with k keys (1, or its tag count);
lookup O(1); union/intersection O(result) with Python sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class PostingIndex:
    """value → {record id}; ``keys(record)`` says which values a record is filed under."""

    __slots__ = ("_keys", "postings")

    def __init__(self, keys: Callable[[Any], Iterable[Any]]) -> None:
        self._keys = keys
        self.postings: dict[Any, set[str]] = {}

    @classmethod
    def on_field(cls, getter: Callable[[Any], Any]) -> PostingIndex:
        """An index filing each record under one value (NULL under ``None``)."""
        return cls(lambda r: (getter(r),))

    def add(self, record: Any) -> None:
        """File `record`; O(k)."""
        for key in self._keys(record):
            bucket = self.postings.get(key)
            if bucket is None:
                self.postings[key] = {record.id}
            else:
                bucket.add(record.id)

    def remove(self, record: Any) -> None:
        """Unfile `record` (it must have been added unchanged); O(k)."""
        for key in self._keys(record):
            bucket = self.postings[key]
            bucket.discard(record.id)
            if not bucket:
                del self.postings[key]

    def get(self, value: Any) -> set[str]:
        """Ids filed under `value` (an empty set if none); O(1). Do not mutate the result."""
        return self.postings.get(value, _EMPTY)

    def union(self, values: Iterable[Any]) -> set[str]:
        """Ids filed under any of `values`; O(result)."""
        out: set[str] = set()
        postings = self.postings
        for value in filter(postings.__contains__, values):
            out |= postings[value]
        return out

    def size(self, values: Iterable[Any]) -> int:
        """Sum of the postings' sizes (the union's size when each record has one value); O(len(values))."""
        postings = self.postings
        present = (
            postings.keys() & values
            if not isinstance(values, (set, frozenset)) or len(values) > 8
            else [v for v in values if v in postings]
        )
        return sum(map(len, map(postings.__getitem__, present)))

    def distinct(self) -> Iterable[Any]:
        """Every value currently filed."""
        return self.postings.keys()

    def check(self, records: dict[str, Any]) -> None:
        """Assert the index files exactly `records` (a test invariant, like sortedcontainers' ``_check``)."""
        expected: dict[Any, set[str]] = {}
        for record in records.values():
            for key in self._keys(record):
                expected.setdefault(key, set()).add(record.id)
        assert expected == self.postings, "posting index out of sync with its table"


_EMPTY: set[str] = set()
