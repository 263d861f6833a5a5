"""Export a store back to the dataset format: what was built here replays on a real Prefect server.

:func:`dump_dataset` writes every record with the fields the dataset format
accepts (Prefect's API names), derived values made explicit (state ids,
names, timestamps, queue names), so that ``Store.from_dataset(dump)`` — or
the oracle, or Prefect itself through its API — holds the same data.
"""

from __future__ import annotations

from typing import Any

from .records import Deployment, Flow, FlowRun, TaskRun, WorkPool, WorkQueue
from .timeutil import format_ts, seconds


def _flow(r: Flow) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "tags": list(r.tags),
        "labels": r.labels,
        "created": format_ts(r.created),
        "updated": format_ts(r.updated),
    }


def _pool(r: WorkPool) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "type": r.type,
        "description": r.description,
        "base_job_template": r.base_job_template,
        "is_paused": r.is_paused,
        "default_queue_id": r.default_queue_id,
        "concurrency_limit": r.concurrency_limit,
        "status": r.status,
        "storage_configuration": r.storage_configuration,
        "created": format_ts(r.created),
        "updated": format_ts(r.updated),
    }


def _queue(r: WorkQueue) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "work_pool_id": r.work_pool_id,
        "priority": r.priority,
        "description": r.description,
        "is_paused": r.is_paused,
        "concurrency_limit": r.concurrency_limit,
        "filter": r.filter,
        "last_polled": format_ts(r.last_polled),
        "status": r.status,
        "created": format_ts(r.created),
        "updated": format_ts(r.updated),
    }


def _deployment(r: Deployment) -> dict[str, Any]:
    limit = r.global_concurrency_limit["limit"] if r.global_concurrency_limit else None
    return {
        "id": r.id,
        "name": r.name,
        "flow_id": r.flow_id,
        "work_queue_id": r.work_queue_id,
        "work_queue_name": r.work_queue_name,
        "paused": r.paused,
        "tags": list(r.tags),
        "labels": r.labels,
        "version": r.version,
        "description": r.description,
        "parameters": r.parameters,
        "job_variables": r.job_variables,
        "path": r.path,
        "entrypoint": r.entrypoint,
        "pull_steps": r.pull_steps,
        "parameter_openapi_schema": r.parameter_openapi_schema,
        "enforce_parameter_schema": r.enforce_parameter_schema,
        "concurrency_limit": limit,
        "concurrency_options": r.concurrency_options,
        "status": r.status,
        "last_polled": format_ts(r.last_polled),
        "created_by": r.created_by,
        "updated_by": r.updated_by,
        "created": format_ts(r.created),
        "updated": format_ts(r.updated),
    }


def _run_common(r: FlowRun | TaskRun) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.id,
        "name": r.name,
        "tags": list(r.tags),
        "labels": r.labels,
        "state_type": r.state_type,
        "state_name": r.state_name,
        "state_timestamp": format_ts(r.state_timestamp),
        "expected_start_time": format_ts(r.expected_start_time),
        "next_scheduled_start_time": format_ts(r.next_scheduled_start_time),
        "start_time": format_ts(r.start_time),
        "end_time": format_ts(r.end_time),
        "total_run_time": seconds(r.total_run_time),
        "run_count": r.run_count,
        "empirical_policy": r.empirical_policy,
        "created": format_ts(r.created),
        "updated": format_ts(r.updated),
    }
    extras = r.state_extras
    if extras is not None:
        out["state"] = {"id": extras.id, "message": extras.message, "state_details": extras.details}
    return out


def _flow_run(r: FlowRun) -> dict[str, Any]:
    return {
        **_run_common(r),
        "flow_id": r.flow_id,
        "deployment_id": r.deployment_id,
        "deployment_version": r.deployment_version,
        "work_queue_id": r.work_queue_id,
        "work_queue_name": r.work_queue_name,
        "flow_version": r.flow_version,
        "parameters": r.parameters,
        "idempotency_key": r.idempotency_key,
        "context": r.context,
        "created_by": r.created_by,
        "infrastructure_pid": r.infrastructure_pid,
        "job_variables": r.job_variables,
        "parent_task_run_id": r.parent_task_run_id,
        "auto_scheduled": r.auto_scheduled,
    }


def _task_run(r: TaskRun) -> dict[str, Any]:
    return {
        **_run_common(r),
        "flow_run_id": r.flow_run_id,
        "task_key": r.task_key,
        "dynamic_key": r.dynamic_key,
        "cache_key": r.cache_key,
        "cache_expiration": format_ts(r.cache_expiration),
        "task_version": r.task_version,
        "flow_run_run_count": r.flow_run_run_count,
        "task_inputs": r.task_inputs,
    }


_EXPORTERS = {
    "flows": _flow,
    "work_pools": _pool,
    "work_queues": _queue,
    "deployments": _deployment,
    "flow_runs": _flow_run,
    "task_runs": _task_run,
}


def dump_dataset(tables: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every record of `tables` in the dataset format, in insertion order."""
    return {
        kind: [export(r) for r in sorted(tables[kind].values(), key=lambda r: r.seq)]
        for kind, export in _EXPORTERS.items()
    }
