"""Task runs as Prefect 3.9.1 returns them: ``TaskRun`` rows (``/filter``) and ``TaskRunResponse`` (``/paginate``)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts, seconds
from ..runs.render import fresh, state_json, with_estimates
from ..runs.states import estimated_run_time, estimated_start_time_delta, state_id
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
        "expected_start_time": format_ts(run.expected_start_time),
        "next_scheduled_start_time": format_ts(run.next_scheduled_start_time),
        "start_time": format_ts(run.start_time),
        "end_time": format_ts(run.end_time),
        "total_run_time": seconds(run.total_run_time),
        "estimated_run_time": None,
        "estimated_start_time_delta": None,
        "state": state_json(run, run.flow_run_id, run.id),
    }


def task_run(ctx: Context, run: TaskRun) -> dict[str, Any]:
    """A core ``TaskRun`` (``/task_runs/filter`` rows)."""
    row = fresh(ctx.rows.get(run, _static))
    return with_estimates(row, run, ctx.now)


def task_run_summary(ctx: Context, run: TaskRun) -> dict[str, Any]:
    """A ``TaskRunResponse`` (``/task_runs/paginate`` rows: fewer fields than ``/filter``)."""
    return {
        "id": run.id,
        "created": format_ts(run.created),
        "updated": format_ts(run.updated),
        "name": run.name,
        "flow_run_id": run.flow_run_id,
        "task_key": run.task_key,
        "state_id": state_id(run),
        "state": state_json(run, run.flow_run_id, run.id),
        "task_version": run.task_version,
        "task_inputs": run.task_inputs,
        "empirical_policy": run.empirical_policy,
        "tags": list(run.tags),
        "start_time": format_ts(run.start_time),
        "end_time": format_ts(run.end_time),
        "total_run_time": seconds(run.total_run_time),
        "estimated_run_time": seconds(estimated_run_time(run, ctx.now)),
        "estimated_start_time_delta": seconds(estimated_start_time_delta(run, ctx.now)),
    }


# -- flows, deployments, pools, queues
