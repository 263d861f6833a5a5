"""The relations between tables that cross-entity filters follow (prefect-semantics.md §4).

A *to-one* link follows a foreign-key field of the source record to the
target table (``flow_run.deployment``: ``flow_run.deployment_id`` →
``deployment.id``). A *to-many* link finds the target records whose field
points back at the source (``flow_run.task_runs``: ``task_run.flow_run_id``
= ``flow_run.id``). A to-one link whose key names no existing record never
matches: that is how dangling ``deployment_id`` values behave in Prefect.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """One relation: ``many`` says whether ``field`` lives on the target (to-many) or the source."""

    source: str
    target: str
    field: str
    many: bool


LINKS: dict[str, Link] = {
    "flow_run.flow": Link("flow_runs", "flows", "flow_id", many=False),
    "flow_run.deployment": Link("flow_runs", "deployments", "deployment_id", many=False),
    "flow_run.work_queue": Link("flow_runs", "work_queues", "work_queue_id", many=False),
    "flow_run.parent_task_run": Link("flow_runs", "task_runs", "parent_task_run_id", many=False),
    "flow_run.task_runs": Link("flow_runs", "task_runs", "flow_run_id", many=True),
    "work_queue.work_pool": Link("work_queues", "work_pools", "work_pool_id", many=False),
    "task_run.flow_run": Link("task_runs", "flow_runs", "flow_run_id", many=False),
    "task_run.subflow_runs": Link("task_runs", "flow_runs", "parent_task_run_id", many=True),
    "deployment.flow": Link("deployments", "flows", "flow_id", many=False),
    "deployment.work_queue": Link("deployments", "work_queues", "work_queue_id", many=False),
    "deployment.flow_runs": Link("deployments", "flow_runs", "deployment_id", many=True),
    "flow.deployments": Link("flows", "deployments", "flow_id", many=True),
    "flow.flow_runs": Link("flows", "flow_runs", "flow_id", many=True),
}
