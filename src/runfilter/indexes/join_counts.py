"""Join counts: how many source records point, through a to-one link, at targets with each field value.

``JoinCounts(task_run.flow_run, "state_type")`` knows, for every flow-run
state type, how many task runs belong to a flow run in that state. Counting
"task runs whose flow run is FAILED" is then one dictionary lookup instead
of visiting thousands of posting lists, which is slow in Python because
every list lives somewhere else in memory.

Built in O(source + target rows) on first use; then every commit updates it
in O(1) per changed record (:meth:`JoinCounts.apply`): a source moves one
count, a target moves the counts of all its sources at once. Records whose
reference is NULL or dangling are counted under no value, as an existence
test requires.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any

from ..schema import Link


class JoinCounts:
    """target field value → number of source records linked to a target holding it."""

    __slots__ = ("_key", "_value", "counts", "follows", "link", "per_target", "target_field", "value_of")

    def __init__(self, link: Link, target_field: str, tables: Mapping[str, Mapping[str, Any]]) -> None:
        self.link, self.target_field = link, target_field
        #: the tables whose changes this structure follows
        self.follows = (link.source, link.target)
        self._key, self._value = attrgetter(link.field), attrgetter(target_field)
        #: target id → how many source records reference it (dangling ids included)
        self.per_target: Counter = Counter(self._key(s) for s in tables[link.source].values())
        self.per_target.pop(None, None)
        #: existing target id → the value its sources are counted under
        self.value_of = {t.id: self._value(t) for t in tables[link.target].values()}
        self.counts: Counter = Counter()
        for target_id, n in self.per_target.items():
            if target_id in self.value_of:
                self.counts[self.value_of[target_id]] += n

    def total(self, values: Iterable[Any]) -> int:
        """Source records linked to a target whose field is one of `values`; O(len(values))."""
        return sum(self.counts.get(v, 0) for v in values)

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow one table's change: `removed` records (old versions) left it, `added` ones entered; O(changes)."""
        if table == self.link.target:
            for target in removed:
                self._remove_target(target.id)
            for target in added:
                self._add_target(target.id, self._value(target))
        if table == self.link.source:
            for source in removed:
                self._source(self._key(source), -1)
            for source in added:
                self._source(self._key(source), 1)

    def _remove_target(self, target_id: str) -> None:
        # the target's sources stop counting under its value (they count again if it comes back)
        if target_id in self.value_of:
            self.counts[self.value_of.pop(target_id)] -= self.per_target[target_id]

    def _add_target(self, target_id: str, value: Any) -> None:
        self.value_of[target_id] = value
        self.counts[value] += self.per_target[target_id]

    def _source(self, target_id: Any, step: int) -> None:
        if target_id is None:
            return
        self.per_target[target_id] += step
        if target_id in self.value_of:
            self.counts[self.value_of[target_id]] += step

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert the counts equal a fresh build (a test invariant, like sortedcontainers' ``_check``)."""
        fresh = JoinCounts(self.link, self.target_field, tables)
        assert +fresh.counts == +self.counts, f"join counts {self.link} out of sync"
