"""The record kinds runfilter holds: the registry.

Each kind lives in its own folder (``entities/flows/``, ...) and declares
itself once there (:class:`runfilter.schema.Kind`). This module lists them,
in the order a dataset is loaded (a kind after the kinds it references), and
derives what spans kinds: the join links and the computed fields. Adding a
kind is its folder plus one import and one entry below
(docs/architecture.md#adding-a-record-kind).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..schema import Kind, Link, links_of
from .artifacts import KIND as ARTIFACTS
from .automations import KIND as AUTOMATIONS
from .concurrency_limits_v2 import KIND as CONCURRENCY_LIMITS_V2
from .deployments import KIND as DEPLOYMENTS
from .flow_run_inputs import KIND as FLOW_RUN_INPUTS
from .flow_runs import KIND as FLOW_RUNS
from .flows import KIND as FLOWS
from .logs import KIND as LOGS
from .saved_searches import KIND as SAVED_SEARCHES
from .task_runs import KIND as TASK_RUNS
from .variables import KIND as VARIABLES
from .work_pools import KIND as WORK_POOLS
from .work_queues import KIND as WORK_QUEUES
from .workers import KIND as WORKERS

#: Every record kind, in load order.
KINDS: tuple[Kind, ...] = (
    FLOWS,
    WORK_POOLS,
    WORK_QUEUES,
    WORKERS,
    DEPLOYMENTS,
    FLOW_RUNS,
    TASK_RUNS,
    LOGS,
    ARTIFACTS,
    VARIABLES,
    FLOW_RUN_INPUTS,
    SAVED_SEARCHES,
    CONCURRENCY_LIMITS_V2,
    AUTOMATIONS,
)

#: Each kind by name (its dataset key and table name).
KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
#: The lists a dataset may hold, in load order (a kind's own name, or the lists it declares).
DATASET_KEYS: tuple[str, ...] = tuple(key for kind in KINDS for key in kind.dataset_lists)
#: Every join link, by name (``flow_run.deployment``, ``flow.flow_runs``, ...).
LINKS: dict[str, Link] = links_of(KINDS)
#: Virtual fields that conditions, sorts and indexes may read, with their getters.
COMPUTED: dict[str, Callable[[Any], Any]] = {name: get for kind in KINDS for name, get in kind.computed.items()}

__all__ = ["COMPUTED", "DATASET_KEYS", "KINDS", "KIND_BY_NAME", "LINKS"]
