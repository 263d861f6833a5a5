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
    """field values → [number of records holding them, a stand-in record carrying them]."""

    __slots__ = ("_key", "fields", "follows", "groups")

    def __init__(self, table: str, records: Iterable[Any], fields: tuple[str, ...]) -> None:
        self.fields = fields
        #: the table whose changes this structure follows
        self.follows = (table,)
        key = attrgetter(*fields)
        # one field: attrgetter gives the value itself; the group key is always a tuple
        self._key: Callable[[Any], tuple] = key if len(fields) > 1 else lambda r: (key(r),)
        self.groups: dict[tuple, list] = {}
        for group, n in Counter(map(self._key, records)).items():
            self.groups[group] = [n, self._stand_in(group)]

    def _stand_in(self, group: tuple) -> Any:
        return SimpleNamespace(**dict(zip(self.fields, group, strict=True)))

    def count(self, predicate: Callable[[Any], bool]) -> int:
        """Records satisfying `predicate` (which must read only the grouped fields); O(groups)."""
        return sum(n for n, stand_in in self.groups.values() if predicate(stand_in))

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow the table's change: records leave and enter their groups; O(changes)."""
        groups, key = self.groups, self._key
        for record in removed:
            group = groups[key(record)]
            group[0] -= 1
            if not group[0]:
                del groups[key(record)]
        for record in added:
            group_key = key(record)
            group = groups.get(group_key)
            if group is None:
                groups[group_key] = [1, self._stand_in(group_key)]
            else:
                group[0] += 1

    def __len__(self) -> int:
        return len(self.groups)

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert the groups equal a fresh build (a test invariant)."""
        (table,) = self.follows
        fresh = GroupCounts(table, tables[table].values(), self.fields)
        assert {k: n for k, (n, _) in fresh.groups.items()} == {k: n for k, (n, _) in self.groups.items()}, (
            "group counts out of sync"
        )
