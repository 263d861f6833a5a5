"""The UI's flow-run routes: ``/ui/flow_runs/history`` and ``/ui/flow_runs/count-task-runs``.

docs/semantics.md#ui-routes
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import Field

from ...api import filter_params as f
from ...api.handlers import rows, selection
from ...api.params import REQUIRED, Params, param, sort_param
from ...api.route import Context, Route
from ...errors import INTERNAL_SERVER_ERROR, ServerError
from ...query.selection import Selection
from ...timeutil import format_ts, seconds
from ..runs.states import estimated_run_time, estimated_start_time_delta
from .sorts import SORTS, FlowRunSort

#: ``/ui/flow_runs/history`` has no queue filter; its other filters are the flow-run route's.
_HISTORY_FILTERS = (f.FLOWS, f.FLOW_RUNS, f.TASK_RUNS, f.DEPLOYMENTS, f.WORK_POOLS)
_HISTORY_KEYS = {p.name: p.name for p in _HISTORY_FILTERS}


def _simple_run(ctx: Context, run: Any) -> dict[str, Any]:
    """Prefect's ``SimpleFlowRun``; a run without a state or a time makes Prefect fail (500)."""
    when = run.start_time if run.start_time is not None else run.expected_start_time
    if run.state_type is None or when is None:
        raise ServerError(500, INTERNAL_SERVER_ERROR, f"flow run {run.id} has no state or no time (HTTP 500)")
    return {
        "id": run.id,
        "state_type": run.state_type,
        "timestamp": format_ts(when),
        "duration": seconds(estimated_run_time(run, ctx.now)),
        "lateness": seconds(estimated_start_time_delta(run, ctx.now)),
    }


def _history(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /ui/flow_runs/history``: one small row per matching run, in the body's sort."""
    limit = v["limit"]
    # Reproduces SQLite's LIMIT: a negative limit means no limit (no lower bound on the parameter)
    page = rows(
        ctx, selection("flow_runs", v, _HISTORY_KEYS), SORTS[v["sort"].value], v["offset"], None if limit < 0 else limit
    )
    return [_simple_run(ctx, run) for run in page]


def _count_task_runs(ctx: Context, v: dict[str, Any]) -> dict[str, int]:
    """``POST /ui/flow_runs/count-task-runs``: per given run id (in the order given), its task runs that are
    not a subflow's."""
    ids = list(dict.fromkeys(str(i) for i in v["flow_run_ids"]))
    counts = dict.fromkeys(ids, 0)
    if ids:
        # Prefect's filter is `subflow_runs.exists_: false`; asking which of these few task runs parent a
        # subflow reads the parent index for them only, not the set of every parent in the store
        task_runs = ctx.engine.matching(Selection("task_runs", match={"flow_run_id": frozenset(ids)}))
        of_these = Selection("flow_runs", match={"parent_task_run_id": frozenset(t.id for t in task_runs)})
        parents = {run.parent_task_run_id for run in ctx.engine.matching(of_these)}
        for task_run in task_runs:
            if task_run.id not in parents:
                counts[task_run.flow_run_id] += 1
    return counts


_RUN_IDS = Annotated[list[UUID], Field(max_length=200)]

#: The UI's flow-run routes.
ROUTES = (
    Route(
        "POST",
        "/ui/flow_runs/history",
        _history,
        Params(
            (
                sort_param(FlowRunSort, FlowRunSort.EXPECTED_START_TIME_DESC),
                param("limit", Annotated[int, Field(le=1000)], 1000),
                param("offset", Annotated[int, Field(ge=0)], 0),
                *_HISTORY_FILTERS,
            )
        ),
    ),
    Route(
        "POST", "/ui/flow_runs/count-task-runs", _count_task_runs, Params((param("flow_run_ids", _RUN_IDS, REQUIRED),))
    ),
)
