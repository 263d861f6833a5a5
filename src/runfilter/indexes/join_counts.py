"""Join counts: how many source records point, through a to-one link, at targets with each field value.

``JoinCounts("task_run.flow_run", "state_type")`` knows, for every flow-run
state type, how many task runs belong to a flow run in that state. Counting
"task runs whose flow run is FAILED" is then one dictionary lookup instead
of visiting thousands of posting lists, which is slow in Python because
every list lives somewhere else in memory.

Built in O(source rows) on first use; the store rebuilds it after any change
to either table (it keys its cache by both tables' change counters).
Records whose reference is NULL or dangling are counted under no value, as
an existence test requires.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any


class JoinCounts:
    """target field value → number of source records linked to a target holding it."""

    __slots__ = ("counts",)

    def __init__(self, sources: Iterable[Any], link_field: str, targets: Mapping[str, Any], target_field: str) -> None:
        key = attrgetter(link_field)
        value = attrgetter(target_field)
        per_target = Counter(key(s) for s in sources)
        counts: Counter = Counter()
        for target_id, n in per_target.items():
            target = targets.get(target_id) if target_id is not None else None
            if target is not None:
                counts[value(target)] += n
        self.counts = counts

    def total(self, values: Iterable[Any]) -> int:
        """Source records linked to a target whose field is one of `values`; O(len(values))."""
        return sum(self.counts.get(v, 0) for v in values)
