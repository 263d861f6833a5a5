"""The worker route: ``POST /work_pools/{work_pool_name}/workers/filter`` (docs/semantics.md#workers).

Prefect 3.9.1 has no other worker read (a worker is deleted, or heartbeats, by name; task workers are
not records: ``unheld/task_workers.py``).
"""

from __future__ import annotations

from typing import Any

from ...api.handlers import rows
from ...api.params import OFFSET, Params
from ...api.route import Context, Route
from ...query.selection import Selection
from ..work_pools.endpoints import pool_or_404
from . import render
from .conditions import unusable_heartbeat_bounds
from .filters import FILTER
from .sorts import SORTS


def _pool_workers(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """A pool's workers, latest heartbeat first: the body is validated, then the pool looked up (404), then
    the query binds the filter (an unusable heartbeat bound: 500)."""
    pool = pool_or_404(ctx, ctx.path_params["work_pool_name"])
    workers = v["workers"]
    sel = Selection("workers", {"workers": workers}, match={"work_pool_id": frozenset({pool.id})})
    if workers is not None and unusable_heartbeat_bounds(workers):
        sel.compile()  # raises Prefect's 500 where SQL would keep the bound, for either engine
    found = rows(ctx, sel, SORTS["LAST_HEARTBEAT_TIME_DESC"], v["offset"], v["limit"])
    return [render.worker(ctx, w) for w in found]


#: The worker routes runfilter serves (limit first, then ``workers``, then ``offset``: Prefect's error order).
ROUTES = (Route("POST", "/work_pools/{work_pool_name}/workers/filter", _pool_workers, Params((FILTER, OFFSET), True)),)
