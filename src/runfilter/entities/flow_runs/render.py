"""Flow runs as Prefect 3.9.1 returns them: ``FlowRunResponse`` and the two other shapes of a run.

Most routes build a ``FlowRunResponse`` from the run and its queue
(:func:`flow_run`). Two polling routes return runs in other shapes
(docs/semantics.md#run-shapes): ``/work_queues/{id}/get_runs`` lets FastAPI
serialize the stored run, which skips the step that looks up the queue and
pool (:func:`flow_run_as_stored`); the worker routes wrap Prefect's core
``FlowRun`` model (:func:`core_flow_run`).
"""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from ..runs.render import fresh, run_times, state_json, with_estimates
from ..runs.states import state_id
from .record import FlowRun


def _static(run: FlowRun) -> dict[str, Any]:
    # every field that depends only on the run (dynamic ones are placeholders, in Prefect's key order)
    state = state_json(run, run.id, run.parent_task_run_id)
    return {
        "id": run.id,
        "created": format_ts(run.created),
        "updated": format_ts(run.updated),
        "name": run.name,
        "flow_id": run.flow_id,
        "state_id": state_id(run),
        "deployment_id": run.deployment_id,
        "deployment_version": run.deployment_version,
        "work_queue_id": run.work_queue_id,
        "work_queue_name": None,
        "flow_version": run.flow_version,
        "parameters": run.parameters,
        "idempotency_key": run.idempotency_key,
        "context": run.context,
        "empirical_policy": run.empirical_policy,
        "tags": list(run.tags),
        "labels": {} if run.labels is None else run.labels,
        "parent_task_run_id": run.parent_task_run_id,
        "state_type": run.state_type,
        "state_name": run.state_name,
        "run_count": run.run_count,
        **run_times(run),  # expected_start_time ... estimated_start_time_delta (filled per request)
        "auto_scheduled": run.auto_scheduled,
        "infrastructure_document_id": None,
        "infrastructure_pid": run.infrastructure_pid,
        "created_by": run.created_by,
        "work_pool_id": None,
        "work_pool_name": None,
        "state": state,
        "job_variables": run.job_variables,
    }


def flow_run(ctx: Context, run: FlowRun) -> dict[str, Any]:
    """A ``FlowRunResponse`` (``/flow_runs/filter`` and ``/paginate`` rows)."""
    row = fresh(ctx.rows.get(run, _static))
    queue_name, pool_id, pool_name = run.work_queue_name, None, None
    queue = ctx.tables["work_queues"].get(run.work_queue_id) if run.work_queue_id else None
    if queue is not None:  # Prefect reports the queue's and pool's current names
        queue_name = queue.name
        pool = ctx.tables["work_pools"].get(queue.work_pool_id)
        if pool is not None:
            pool_id, pool_name = pool.id, pool.name
    row["work_queue_name"], row["work_pool_id"], row["work_pool_name"] = queue_name, pool_id, pool_name
    return with_estimates(row, run, ctx.now)


def flow_run_as_stored(ctx: Context, run: FlowRun) -> dict[str, Any]:
    """A ``FlowRunResponse`` serialized straight from the stored run, as ``/work_queues/{id}/get_runs`` answers.

    The run's own ``work_queue_name`` column, and no ``work_pool_id`` or
    ``work_pool_name`` (always null there).
    """
    row = fresh(ctx.rows.get(run, _static))
    row["work_queue_name"] = run.work_queue_name
    return with_estimates(row, run, ctx.now)


def core_flow_run(ctx: Context, run: FlowRun) -> dict[str, Any]:
    """Prefect's core ``FlowRun`` model (the ``flow_run`` of a worker's scheduled run).

    Like :func:`flow_run_as_stored` but without the pool fields, with
    ``work_queue_id`` after ``created_by`` and ``labels`` as stored (null
    when the run has none).
    """
    row = flow_run_as_stored(ctx, run)
    del row["work_pool_id"], row["work_pool_name"]
    row["labels"] = run.labels
    queue_id = row.pop("work_queue_id")
    state, job_variables = row.pop("state"), row.pop("job_variables")
    row["work_queue_id"], row["state"], row["job_variables"] = queue_id, state, job_variables
    return row
