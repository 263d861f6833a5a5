"""What a request selects, before any engine decides how: a table and the body's filter models.

Both query engines take a :class:`Selection`: the planned engine
(:mod:`runfilter.query.planner`) compiles it to the condition IR, the naive
engine (:mod:`runfilter.naive`) interprets the filter models record by
record. Keeping this boundary model-level is what makes the naive engine an
independent reference for the planned one.
"""

from __future__ import annotations

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

    ``pool_id`` restricts work queues to one pool (``/work_pools/{name}/queues/filter``).
    """

    table: str
    filters: dict[str, Any] = field(default_factory=dict)
    pool_id: str | None = None

    def compile(self) -> Cond:
        """The selection as one IR condition on :attr:`table` (compiled once per selection)."""
        return self._cond

    @cached_property
    def _cond(self) -> Cond:
        given = {key: self.filters.get(key) for key in FILTER_KEYS[self.table]}
        cond = _WHERE[self.table](**given)
        if self.pool_id is not None:
            cond = where([cond, In("work_pool_id", frozenset({self.pool_id}))])
        return cond


_WHERE = {
    "flow_runs": build.flow_runs_where,
    "task_runs": build.task_runs_where,
    "flows": build.flows_where,
    "deployments": build.deployments_where,
    "work_pools": build.work_pools_where,
    "work_queues": build.work_queues_where,
}
