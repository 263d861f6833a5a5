"""Task runs as Prefect 3.9.1 returns them: ``TaskRun`` rows (``/filter``) and ``TaskRunResponse`` (``/paginate``)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from ..runs.render import fresh, run_times, state_json, with_estimates
from ..runs.states import state_id
from .record import TaskRun


def _static(run: TaskRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "created": format_ts(run.created),
        "updated": format_ts(run.updated),
        "name": run.name,
        "flow_run_id": run.flow_run_id,
        "task_key": run.task_key,
        "dynamic_key": run.dynamic_key,
        "cache_key": run.cache_key,
        "cache_expiration": format_ts(run.cache_expiration),
        "task_version": run.task_version,
        "empirical_policy": run.empirical_policy,
        "tags": list(run.tags),
        "labels": run.labels,
        "state_id": state_id(run),
        "task_inputs": run.task_inputs,
        "state_type": run.state_type,
        "state_name": run.state_name,
        "run_count": run.run_count,
        "flow_run_run_count": run.flow_run_run_count,
        **run_times(run),  # expected_start_time ... estimated_start_time_delta (filled per request)
        "state": state_json(run, run.flow_run_id, run.id),
    }


def task_run(ctx: Context, run: TaskRun) -> dict[str, Any]:
    """A core ``TaskRun`` (``/task_runs/filter`` rows)."""
    row = fresh(ctx.rows.get(run, _static))
    return with_estimates(row, run, ctx.now)


#: The fields of a ``TaskRunResponse``, in Prefect's order: a subset of the ``TaskRun`` row's.
_SUMMARY_FIELDS = (
    "id",
    "created",
    "updated",
    "name",
    "flow_run_id",
    "task_key",
    "state_id",
    "state",
    "task_version",
    "task_inputs",
    "empirical_policy",
    "tags",
    "start_time",
    "end_time",
    "total_run_time",
    "estimated_run_time",
    "estimated_start_time_delta",
)


def task_run_summary(ctx: Context, run: TaskRun) -> dict[str, Any]:
    """A ``TaskRunResponse`` (``/task_runs/paginate`` rows: fewer fields than ``/filter``)."""
    row = task_run(ctx, run)
    return {field: row[field] for field in _SUMMARY_FIELDS}
