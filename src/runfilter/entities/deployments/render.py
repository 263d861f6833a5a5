"""Deployments as Prefect 3.9.1 returns them (``DeploymentResponse``)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from ..concurrency_limits_v2.render import global_limit
from .record import Deployment
from .schedules import copy_schedules


def _limit(ctx: Context, dep: Deployment) -> dict[str, Any] | None:
    """The deployment's limit row as Prefect nests it: its stored slots, not decayed."""
    if dep.concurrency_limit_id is None:
        return None
    return global_limit(ctx.tables["concurrency_limits_v2"][dep.concurrency_limit_id])


def deployment(ctx: Context, dep: Deployment) -> dict[str, Any]:
    """A ``DeploymentResponse`` (``concurrency_limit`` is always null; the limit is global)."""
    queue_name, pool_name = dep.work_queue_name, None
    queue = ctx.tables["work_queues"].get(dep.work_queue_id) if dep.work_queue_id else None
    if queue is not None:
        queue_name = queue.name
        pool = ctx.tables["work_pools"].get(queue.work_pool_id)
        pool_name = pool.name if pool is not None else None
    return {
        "id": dep.id,
        "created": format_ts(dep.created),
        "updated": format_ts(dep.updated),
        "name": dep.name,
        "version": dep.version,
        "description": dep.description,
        "flow_id": dep.flow_id,
        "paused": dep.paused,
        "schedules": copy_schedules(dep.schedules),
        "concurrency_limit": None,
        "global_concurrency_limit": _limit(ctx, dep),
        "concurrency_options": dep.concurrency_options,
        "job_variables": dep.job_variables,
        "parameters": dep.parameters,
        "tags": list(dep.tags),
        "labels": {} if dep.labels is None else dep.labels,
        "work_queue_name": queue_name,
        "work_queue_id": dep.work_queue_id,
        "last_polled": format_ts(dep.last_polled),
        "parameter_openapi_schema": dep.parameter_openapi_schema,
        "path": dep.path,
        "pull_steps": dep.pull_steps,
        "entrypoint": dep.entrypoint,
        "storage_document_id": None,
        "infrastructure_document_id": None,
        "created_by": dep.created_by,
        "updated_by": dep.updated_by,
        "work_pool_name": pool_name,
        "status": dep.status,
        "enforce_parameter_schema": dep.enforce_parameter_schema,
    }
