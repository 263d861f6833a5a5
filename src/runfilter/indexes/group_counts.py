"""Group counts: a table's records grouped by the values of a few fields, kept up to date.

A count whose condition reads only a few low-cardinality fields (foreign
keys, state type and name, ...) does not need to visit records: group the
table by those fields once, test the condition on one stand-in record per
group (an object carrying just the grouped fields), and add up the group
sizes. For "runs of an `etl` flow in an active deployment" that is ~70
groups instead of 100k runs.

Built in O(n) on first use for a set of fields; then every commit moves
the changed records between groups in O(1) each (:meth:`GroupCounts.apply`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from types import SimpleNamespace
from typing import Any


class GroupCounts:
    """field values → number of records holding them."""

    __slots__ = ("_key", "_stand_ins", "counts", "fields", "follows")

    def __init__(self, table: str, records: Iterable[Any], fields: tuple[str, ...]) -> None:
        self.fields = fields
        #: the table whose changes this structure follows
        self.follows = (table,)
        key = attrgetter(*fields)
        # one field: attrgetter gives the value itself; the group key is always a tuple
        self._key: Callable[[Any], tuple] = key if len(fields) > 1 else lambda r: (key(r),)
        self.counts: Counter = Counter(map(self._key, records))
        self._stand_ins: dict[tuple, Any] = {}

    def count(self, predicate: Callable[[Any], bool]) -> int:
        """Records satisfying `predicate` (which must read only the grouped fields); O(groups)."""
        return sum(n for group, n in self.counts.items() if n and predicate(self._stand_in(group)))

    def _stand_in(self, group: tuple) -> Any:
        found = self._stand_ins.get(group)
        if found is None:
            found = self._stand_ins[group] = SimpleNamespace(**dict(zip(self.fields, group, strict=True)))
        return found

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow the table's change: records leave and enter their groups; O(changes)."""
        counts, key = self.counts, self._key
        for record in removed:
            group = key(record)
            counts[group] -= 1
            if not counts[group]:
                del counts[group]
        for record in added:
            counts[key(record)] += 1

    def __len__(self) -> int:
        return len(self.counts)

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert the groups equal a fresh build (a test invariant)."""
        (table,) = self.follows
        assert GroupCounts(table, tables[table].values(), self.fields).counts == self.counts, "group counts out of sync"
