"""The work-pool routes: filter and count."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import counting, listing
from ...api.params import OFFSET, Params
from ...api.route import Route
from . import render
from .sorts import SORTS

#: The work-pool routes runfilter serves (pools are listed by name: there is no sort parameter).
ROUTES = (
    Route(
        "POST",
        "/work_pools/filter",
        listing("work_pools", f.POOL_KEYS, SORTS, render.work_pool, fixed="NAME_ASC"),
        Params((f.WORK_POOLS, OFFSET), True),
    ),
    Route("POST", "/work_pools/count", counting("work_pools", f.POOL_KEYS), Params((f.WORK_POOLS,))),
)
