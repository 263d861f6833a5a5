"""The flow-run routes: filter, count, paginate, history, and the read by id."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import counting, history, listing, paginating, read_one
from ...api.params import HISTORY, OFFSET, PAGE, Params, sort_param
from ...api.route import Route
from . import render
from .sorts import SORTS, FlowRunSort

_SORT = sort_param(FlowRunSort, FlowRunSort.ID_DESC)
_KEYS = f.FLOW_RUN_KEYS

#: The flow-run routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/flow_runs/filter",
        listing("flow_runs", _KEYS, SORTS, render.flow_run),
        Params((_SORT, OFFSET, *f.FLOW_RUN), True),
    ),
    Route("POST", "/flow_runs/count", counting("flow_runs", _KEYS), Params(f.FLOW_RUN)),
    Route(
        "POST",
        "/flow_runs/paginate",
        paginating("flow_runs", _KEYS, SORTS, render.flow_run),
        Params((_SORT, PAGE, *f.FLOW_RUN), True),
    ),
    Route(
        "POST",
        "/flow_runs/history",
        history("flow_runs", f.FLOW_RUN_HISTORY_KEYS),
        Params((*HISTORY, *f.FLOW_RUN_HISTORY)),
    ),
    Route(
        "GET",
        "/flow_runs/{id:uuid}",
        read_one(lambda e, p: e.record("flow_runs", p["id"]), render.flow_run, "Flow run not found"),
    ),
)
