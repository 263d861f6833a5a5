"""The flow routes: filter, count, paginate, and reads by id and by name."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import by_id_route, query_routes, read_one
from ...api.params import sort_param
from ...api.route import Route
from . import render, ui
from .sorts import SORTS, FlowSort

#: The flow routes runfilter serves.
ROUTES = (
    *query_routes("flows", f.FLOW, f.FLOW_KEYS, SORTS, sort_param(FlowSort, FlowSort.NAME_ASC), render.flow),
    by_id_route("flows", render.flow, "Flow not found"),
    Route("GET", "/flows/name/{name}", read_one(lambda e, p: e.flow_named(p["name"]), render.flow, "Flow not found")),
    *ui.ROUTES,
)
