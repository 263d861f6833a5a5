"""Which deployments a ``/deployments/*`` body selects: its filters joined across kinds, compiled and naive.

Pools and queues are read through the deployment's own queue; runs through
some flow run of the deployment (docs/semantics.md#joins-deployments).
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.compile import exists
from ...query.ir import Cond
from ...query.ir import where as where_all
from ..flow_runs import selection as flow_runs_selection
from ..flows import naive as flows_naive
from ..flows.conditions import flow_filter
from ..work_pools import naive as work_pools_naive
from ..work_pools.conditions import work_pool_filter
from ..work_queues import naive as work_queues_naive
from ..work_queues.conditions import work_queue_filter
from . import naive as deployments_naive
from .conditions import deployment_filter

#: The filter keys a deployment selection takes.
FILTER_KEYS = ("flows", "flow_runs", "task_runs", "deployments", "work_pools", "work_queues")


def where(flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None, work_queues=None) -> Cond:  # type: ignore[no-untyped-def]
    """Deployments matching a ``/deployments/*`` body's filters, as one condition."""
    conds: list[Cond] = []
    if deployments is not None:
        conds.append(deployment_filter(deployments))
    if flows is not None:
        conds.append(exists("deployment.flow", [flow_filter(flows)]))
    if flow_runs is not None or task_runs is not None:
        conds.append(
            exists("deployment.flow_runs", flow_runs_selection.runs_with_tasks(flow_runs, task_runs), many=True)
        )
    if work_pools is not None or work_queues is not None:
        queue_conds: list[Cond] = []
        if work_queues is not None:
            queue_conds.append(work_queue_filter(work_queues))
        if work_pools is not None:
            queue_conds.append(exists("work_queue.work_pool", [work_pool_filter(work_pools)]))
        conds.append(exists("deployment.work_queue", queue_conds))
    return where_all(conds)


def deployment_matches(engine: Any, d: Any, deployments: Any, work_pools: Any, work_queues: Any) -> bool:
    """One deployment satisfies `deployments` and, through its own work queue, `work_queues` and `work_pools`."""
    if deployments is not None and not n.truth(deployments_naive.evaluate(engine, d, deployments)):
        return False
    if work_pools is None and work_queues is None:
        return True
    q = engine.t["work_queues"].get(d.work_queue_id) if d.work_queue_id else None
    if q is None or (work_queues is not None and not n.truth(work_queues_naive.evaluate(engine, q, work_queues))):
        return False
    if work_pools is not None:
        pool = engine.t["work_pools"].get(q.work_pool_id)
        return pool is not None and n.truth(work_pools_naive.evaluate(engine, pool, work_pools))
    return True


def matches(  # type: ignore[no-untyped-def]
    engine: Any, x: Any, flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None, work_queues=None
) -> bool:
    """A deployment satisfies every given filter (the naive reading)."""
    if deployments is not None and not n.truth(deployments_naive.evaluate(engine, x, deployments)):
        return False
    if flows is not None:
        w = engine.t["flows"].get(x.flow_id)
        if w is None or not n.truth(flows_naive.evaluate(engine, w, flows)):
            return False
    if flow_runs is not None or task_runs is not None:
        if not flow_runs_selection.some_run_matches(engine, "deployment_id", x.id, flow_runs, task_runs):
            return False
    return (work_pools is None and work_queues is None) or deployment_matches(engine, x, None, work_pools, work_queues)
