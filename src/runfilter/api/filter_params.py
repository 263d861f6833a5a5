"""Which filter body keys each family of routes takes, in Prefect's parameter order (docs/semantics.md#body-keys).

Each tuple pairs the body parameters with the selection keys they fill: a
route's :class:`~runfilter.api.params.Params` take the parameters, its
handlers the keys (filter key → body key).
"""

from __future__ import annotations

from ..entities.deployments.filters import FILTER as DEPLOYMENTS
from ..entities.flow_runs.filters import FILTER as FLOW_RUNS
from ..entities.flows.filters import FILTER as FLOWS
from ..entities.task_runs.filters import FILTER as TASK_RUNS
from ..entities.work_pools.filters import FILTER as WORK_POOLS
from ..entities.work_queues.filters import FILTER as WORK_QUEUES
from ..entities.work_queues.filters import POOL_QUEUES_FILTER as WORK_POOL_QUEUES
from .params import Param


def _keys(*params: Param) -> dict[str, str]:
    # the queue filter reaches the selection as "work_queues" whatever its body key
    return {("work_queues" if p.name == "work_pool_queues" else p.name): p.name for p in params}


#: flows, flow runs, task runs, deployments: the filters of every run-related route
RUN = (FLOWS, FLOW_RUNS, TASK_RUNS, DEPLOYMENTS)
RUN_KEYS = _keys(*RUN)
#: ... plus pools and queues (``work_pool_queues``): flow-run and deployment routes
FLOW_RUN = (*RUN, WORK_POOLS, WORK_POOL_QUEUES)
FLOW_RUN_KEYS = _keys(*FLOW_RUN)
#: ... with the queue filter under ``work_queues``: flow-run history
FLOW_RUN_HISTORY = (*RUN, WORK_POOLS, WORK_QUEUES)
FLOW_RUN_HISTORY_KEYS = _keys(*FLOW_RUN_HISTORY)
#: run filters plus pools: flow routes
FLOW = (*RUN, WORK_POOLS)
FLOW_KEYS = _keys(*FLOW)
#: the pool filter alone, the queue filter alone
POOL_KEYS = _keys(WORK_POOLS)
QUEUE_KEYS = _keys(WORK_QUEUES)

__all__ = [
    "DEPLOYMENTS",
    "FLOW",
    "FLOWS",
    "FLOW_KEYS",
    "FLOW_RUN",
    "FLOW_RUNS",
    "FLOW_RUN_HISTORY",
    "FLOW_RUN_HISTORY_KEYS",
    "FLOW_RUN_KEYS",
    "POOL_KEYS",
    "QUEUE_KEYS",
    "RUN",
    "RUN_KEYS",
    "TASK_RUNS",
    "WORK_POOLS",
    "WORK_POOL_QUEUES",
    "WORK_QUEUES",
]
