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

from . import build
from .ir import Cond, In, where

#: The filter keys each table's selections understand (the ``*_where`` builders' parameters).
FILTER_KEYS: dict[str, tuple[str, ...]] = {
    "flow_runs": ("flows", "flow_runs", "task_runs", "deployments", "work_pools", "work_queues"),
    "task_runs": ("flows", "flow_runs", "task_runs", "deployments"),
    "flows": ("flows", "flow_runs", "task_runs", "deployments", "work_pools"),
    "deployments": ("flows", "flow_runs", "task_runs", "deployments", "work_pools", "work_queues"),
    "work_pools": ("work_pools",),
    "work_queues": ("work_queues",),
}


@dataclass(frozen=True)
class Selection:
    """Records of `table` matching `filters` (filter models by key; missing = not given).

    ``match`` adds plain value conditions a route implies: each field's value
    is one of the given ones (the pool of ``/work_pools/{name}/queues/filter``,
    the queues and states of a slot count).
    """

    table: str
    filters: dict[str, Any] = field(default_factory=dict)
    match: Mapping[str, frozenset] = field(default_factory=dict)

    def compile(self) -> Cond:
        """The selection as one IR condition on :attr:`table` (compiled once per selection)."""
        return self._cond

    @cached_property
    def _cond(self) -> Cond:
        given = {key: self.filters.get(key) for key in FILTER_KEYS[self.table]}
        cond = _WHERE[self.table](**given)
        if self.match:
            cond = where([cond, *(In(name, frozenset(values)) for name, values in self.match.items())])
        return cond


_WHERE = {
    "flow_runs": build.flow_runs_where,
    "task_runs": build.task_runs_where,
    "flows": build.flows_where,
    "deployments": build.deployments_where,
    "work_pools": build.work_pools_where,
    "work_queues": build.work_queues_where,
}
