"""The task-run routes: filter, count, paginate, history, and the read by id."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import counting, history, listing, paginating, read_one
from ...api.params import HISTORY, OFFSET, PAGE, Params, sort_param
from ...api.route import Route
from .sorts import SORTS, TaskRunSort


def _row(ctx):  # type: ignore[no-untyped-def]
    return ctx.render.task_run


def _summary(ctx):  # type: ignore[no-untyped-def]
    # /task_runs/paginate returns TaskRunResponse rows, with fewer fields than /filter's
    return ctx.render.task_run_summary


_SORT = sort_param(TaskRunSort, TaskRunSort.ID_DESC)
_KEYS = f.RUN_KEYS

#: The task-run routes runfilter serves.
ROUTES = (
    Route("POST", "/task_runs/filter", listing("task_runs", _KEYS, SORTS, _row), Params((_SORT, OFFSET, *f.RUN), True)),
    Route("POST", "/task_runs/count", counting("task_runs", _KEYS), Params(f.RUN)),
    Route(
        "POST",
        "/task_runs/paginate",
        paginating("task_runs", _KEYS, SORTS, _summary),
        Params((_SORT, PAGE, *f.RUN), True),
    ),
    Route("POST", "/task_runs/history", history("task_runs", _KEYS), Params((*HISTORY, *f.RUN))),
    # "Task not found", not "Task run not found": Prefect's detail for this route
    Route("GET", "/task_runs/{id:uuid}", read_one(lambda e, p: e.record("task_runs", p["id"]), _row, "Task not found")),
)
