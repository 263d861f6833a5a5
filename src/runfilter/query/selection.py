"""What a request selects, before any engine decides how: a table and the body's filter models.

Both query engines take a :class:`Selection`: the planned engine
(:mod:`runfilter.query.planner`) compiles it to the condition IR, the naive
engine (:mod:`runfilter.naive`) interprets the filter models record by
record. Keeping this boundary model-level is what makes the naive engine an
independent reference for the planned one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..entities import KIND_BY_NAME
from .ir import Cond, In, where


@dataclass(frozen=True)
class Selection:
    """Records of `table` matching `filters` (filter models by key; missing = not given).

    ``match`` adds plain value conditions a route implies: each field's value
    is one of the given ones (the pool of ``/work_pools/{name}/queues/filter``,
    the queues and states of a slot count). What the filters mean across
    kinds is the table's kind's (``entities/<kind>/selection.py``).
    """

    table: str
    filters: dict[str, Any] = field(default_factory=dict)
    match: Mapping[str, frozenset] = field(default_factory=dict)

    def compile(self) -> Cond:
        """The selection as one IR condition on :attr:`table` (compiled once per selection)."""
        return self._cond

    @cached_property
    def _cond(self) -> Cond:
        kind = KIND_BY_NAME[self.table].part("selection")
        given = {key: self.filters.get(key) for key in kind.FILTER_KEYS}
        cond = kind.where(**given)
        if self.match:
            cond = where([cond, *(In(name, frozenset(values)) for name, values in self.match.items())])
        return cond
