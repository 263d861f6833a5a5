"""The task-run routes: filter, count, paginate, history, and the read by id."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import by_id_route, history, query_routes
from ...api.params import HISTORY, Params, sort_param
from ...api.route import Route
from ..runs.state_reads import state_routes
from . import render, ui
from .sorts import SORTS, TaskRunSort

_SORT = sort_param(TaskRunSort, TaskRunSort.ID_DESC)

#: The task-run routes runfilter serves.
ROUTES = (
    # /task_runs/paginate returns TaskRunResponse rows, with fewer fields than /filter's
    *query_routes("task_runs", f.RUN, f.RUN_KEYS, SORTS, _SORT, render.task_run, True, render.task_run_summary),
    Route("POST", "/task_runs/history", history("task_runs", f.RUN_KEYS), Params((*HISTORY, *f.RUN))),
    # "Task not found", not "Task run not found": Prefect's detail for this route
    by_id_route("task_runs", render.task_run, "Task not found"),
    *ui.ROUTES,
    *state_routes("task_runs", "task_run_states", "task_run_id"),
)
