"""The task-run routes: filter, count, paginate, history, and the read by id."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import counting, history, listing, paginating, read_one
from ...api.params import HISTORY, OFFSET, PAGE, Params, sort_param
from ...api.route import Route
from . import render
from .sorts import SORTS, TaskRunSort

_SORT = sort_param(TaskRunSort, TaskRunSort.ID_DESC)
_KEYS = f.RUN_KEYS

#: The task-run routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/task_runs/filter",
        listing("task_runs", _KEYS, SORTS, render.task_run),
        Params((_SORT, OFFSET, *f.RUN), True),
    ),
    Route("POST", "/task_runs/count", counting("task_runs", _KEYS), Params(f.RUN)),
    Route(
        "POST",
        "/task_runs/paginate",
        # /task_runs/paginate returns TaskRunResponse rows, with fewer fields than /filter's
        paginating("task_runs", _KEYS, SORTS, render.task_run_summary),
        Params((_SORT, PAGE, *f.RUN), True),
    ),
    Route("POST", "/task_runs/history", history("task_runs", _KEYS), Params((*HISTORY, *f.RUN))),
    # "Task not found", not "Task run not found": Prefect's detail for this route
    Route(
        "GET",
        "/task_runs/{id:uuid}",
        read_one(lambda e, p: e.record("task_runs", p["id"]), render.task_run, "Task not found"),
    ),
)
