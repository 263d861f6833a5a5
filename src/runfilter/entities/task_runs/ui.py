"""The UI's task-run routes: counts by state, the dashboard's buckets, a task run with its flow run's name.

docs/semantics.md#ui-routes
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...api import filter_params as f
from ...api.handlers import read_one, selection
from ...api.params import REQUIRED, Param, Params
from ...api.route import Context, Route
from ...errors import INTERNAL_SERVER_ERROR, RequestError, ServerError
from ...query.selection import Selection
from ...timeutil import UTC, to_us
from ..runs.states import TERMINAL_STATE_TYPES
from . import render
from .filters import TaskRunFilterState

#: ``CountByState``'s keys, in Prefect's order.
_COUNT_KEYS = ("COMPLETED", "PENDING", "RUNNING", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING", "SCHEDULED")
_FAILED = frozenset({"FAILED", "CRASHED"})
#: the dashboard always splits its window into this many buckets
_BUCKETS = 20


def _count_by_state(ctx: Context, v: dict[str, Any]) -> dict[str, int]:
    """``POST /ui/task_runs/count``: matching task runs with a state, counted per state type.

    One count per state type: the engine answers each from its kept counts
    where the filters allow, without visiting the task runs.
    """
    filters = selection("task_runs", v, f.RUN_KEYS).filters
    return {
        state: ctx.engine.count(Selection("task_runs", filters, match={"state_type": frozenset({state})}))
        for state in _COUNT_KEYS
    }


def _dashboard_counts(ctx: Context, v: dict[str, Any]) -> list[dict[str, int]]:
    """``POST /ui/task_runs/dashboard/counts``: terminal task runs started in the window, completed and failed,
    in 20 buckets from ``start_time.after_`` (to the minute) to the end of ``before_``'s minute (or now's)."""
    task_runs = v["task_runs"]
    start_filter = task_runs.start_time
    if start_filter is None or start_filter.after_ is None:
        raise RequestError(422, {"detail": "task_runs.start_time.after_ is required"}, "start_time.after_ is required")
    # Prefect replaces any state filter by "terminal"
    terminal = TaskRunFilterState(type={"any_": sorted(TERMINAL_STATE_TYPES)})
    filters = {**v, "task_runs": task_runs.model_copy(update={"state": terminal})}
    start = start_filter.after_.replace(second=0, microsecond=0)
    end_of = start_filter.before_ if start_filter.before_ is not None else _now(ctx)
    end = end_of.replace(second=59, microsecond=999_999)
    step = ((end - start) / _BUCKETS).total_seconds()
    start_us, dates = to_us(start), ctx.engine.dialect.dates
    buckets = [{"completed": 0, "failed": 0} for _ in range(_BUCKETS)]
    for task_run in ctx.engine.matching(selection("task_runs", filters, f.FLOW_RUN_HISTORY_KEYS)):
        index = dates.bucket_index(task_run.start_time, start_us, step)
        if not -_BUCKETS <= index < _BUCKETS:
            # Prefect indexes a list of 20 buckets with it: out of range is its 500
            raise ServerError(500, INTERNAL_SERVER_ERROR, f"dashboard bucket {index} out of range (HTTP 500)")
        buckets[index]["failed" if task_run.state_type in _FAILED else "completed"] += 1
    return buckets


def _now(ctx: Context) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(microseconds=ctx.now)


def _with_flow_run_name(ctx: Context, task_run: Any) -> dict[str, Any]:
    """Prefect's ``UITaskRun``: the task run and the name of its flow run."""
    row = render.task_run(ctx, task_run)
    flow_run = ctx.tables["flow_runs"].get(task_run.flow_run_id) if task_run.flow_run_id else None
    row["flow_run_name"] = flow_run.name if flow_run is not None else None
    return row


_REQUIRED_TASK_RUNS = Param(f.TASK_RUNS.name, f.TASK_RUNS.adapter, REQUIRED)

#: The UI's task-run routes.
ROUTES = (
    Route("POST", "/ui/task_runs/count", _count_by_state, Params(f.RUN)),
    Route(
        "POST",
        "/ui/task_runs/dashboard/counts",
        _dashboard_counts,
        Params((_REQUIRED_TASK_RUNS, f.FLOWS, f.FLOW_RUNS, f.DEPLOYMENTS, f.WORK_POOLS, f.WORK_QUEUES)),
    ),
    Route(
        "GET",
        "/ui/task_runs/{id:uuid}",
        read_one(lambda e, p: e.record("task_runs", p["id"]), _with_flow_run_name, "Task not found"),
    ),
)
