"""The flow routes: filter, count, paginate, and reads by id and by name."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import counting, listing, paginating, read_one
from ...api.params import OFFSET, PAGE, Params, sort_param
from ...api.route import Route
from . import render
from .sorts import SORTS, FlowSort

_SORT = sort_param(FlowSort, FlowSort.NAME_ASC)

#: The flow routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/flows/filter",
        listing("flows", f.FLOW_KEYS, SORTS, render.flow),
        Params((OFFSET, *f.FLOW, _SORT), True),
    ),
    Route("POST", "/flows/count", counting("flows", f.FLOW_KEYS), Params(f.FLOW)),
    Route(
        "POST",
        "/flows/paginate",
        paginating("flows", f.FLOW_KEYS, SORTS, render.flow),
        Params((PAGE, *f.FLOW, _SORT), True),
    ),
    Route("GET", "/flows/{id:uuid}", read_one(lambda e, p: e.record("flows", p["id"]), render.flow, "Flow not found")),
    Route("GET", "/flows/name/{name}", read_one(lambda e, p: e.flow_named(p["name"]), render.flow, "Flow not found")),
)
