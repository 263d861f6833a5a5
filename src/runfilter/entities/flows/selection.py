"""Which flows a ``/flows/*`` body selects: its filters joined across kinds, compiled and naive.

Deployment and pool filters need one deployment of the flow satisfying
both; run filters one flow run of it (docs/semantics.md#joins-flows).
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.compile import exists
from ...query.ir import Cond
from ...query.ir import where as where_all
from ..deployments import selection as deployments_selection
from ..deployments.conditions import deployment_filter
from ..flow_runs import selection as flow_runs_selection
from ..work_pools.conditions import work_pool_filter
from . import naive as flows_naive
from .conditions import flow_filter

#: The filter keys a flow selection takes.
FILTER_KEYS = ("flows", "flow_runs", "task_runs", "deployments", "work_pools")


def where(flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None) -> Cond:  # type: ignore[no-untyped-def]
    """Flows matching a ``/flows/*`` body's filters, as one condition."""
    conds: list[Cond] = []
    if flows is not None:
        conds.append(flow_filter(flows))
    if deployments is not None or work_pools is not None:
        dep_conds: list[Cond] = []
        if deployments is not None:
            dep_conds.append(deployment_filter(deployments))
        if work_pools is not None:
            dep_conds.append(
                exists("deployment.work_queue", [exists("work_queue.work_pool", [work_pool_filter(work_pools)])])
            )
        conds.append(exists("flow.deployments", dep_conds, many=True))
    if flow_runs is not None or task_runs is not None:
        conds.append(exists("flow.flow_runs", flow_runs_selection.runs_with_tasks(flow_runs, task_runs), many=True))
    return where_all(conds)


def matches(engine: Any, x: Any, flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None) -> bool:  # type: ignore[no-untyped-def]
    """A flow satisfies every given filter (the naive reading)."""
    if flows is not None and not n.truth(flows_naive.evaluate(engine, x, flows)):
        return False
    if deployments is not None or work_pools is not None:
        if not any(
            deployments_selection.deployment_matches(engine, d, deployments, work_pools, None)
            for d in engine.t["deployments"].values()
            if d.flow_id == x.id
        ):
            return False
    if flow_runs is not None or task_runs is not None:
        if not flow_runs_selection.some_run_matches(engine, "flow_id", x.id, flow_runs, task_runs):
            return False
    return True
