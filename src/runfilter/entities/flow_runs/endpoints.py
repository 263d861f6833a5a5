"""The flow-run routes: filter, count, paginate, history, lateness, and the read by id."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import by_id_route, history, query_routes
from ...api.params import HISTORY, Params, sort_param
from ...api.route import Route
from ..logs.endpoints import download_logs
from ..runs.state_reads import state_routes
from . import graph, graph_v1, render, ui
from .lateness import average_lateness
from .sorts import SORTS, FlowRunSort

_SORT = sort_param(FlowRunSort, FlowRunSort.ID_DESC)

#: The flow-run routes runfilter serves.
ROUTES = (
    *query_routes("flow_runs", f.FLOW_RUN, f.FLOW_RUN_KEYS, SORTS, _SORT, render.flow_run, sort_first=True),
    Route(
        "POST",
        "/flow_runs/history",
        history("flow_runs", f.FLOW_RUN_HISTORY_KEYS),
        Params((*HISTORY, *f.FLOW_RUN_HISTORY)),
    ),
    Route("POST", "/flow_runs/lateness", average_lateness, Params(f.FLOW_RUN)),
    by_id_route("flow_runs", render.flow_run, "Flow run not found"),
    *ui.ROUTES,
    *state_routes("flow_runs", "flow_run_states", "flow_run_id"),
    *graph.ROUTES,
    *graph_v1.ROUTES,
    Route("GET", "/flow_runs/{id:uuid}/logs/download", download_logs),
)
