"""The work-queue routes: ``/work_queues/filter`` and a pool's queue list."""

from __future__ import annotations

from typing import Any

from ...api import filter_params as f
from ...api.handlers import listing, rows, selection
from ...api.params import OFFSET, Params
from ...api.route import Context, Route
from ...errors import NotFoundError
from ...query.selection import Selection
from . import render
from .sorts import SORTS


def _row(ctx: Context, queue: Any) -> Any:
    # /work_queues/filter counts a queue's active slots its own way (docs/semantics.md#active-slots)
    return render.work_queue(ctx, queue, slots="work_queues")


def _pool_queues(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``/work_pools/{work_pool_name}/queues/filter``: the pool's queues by priority, 404 for an unknown pool."""
    name = ctx.path_params["work_pool_name"]
    pool = ctx.engine.pool_named(name)
    if pool is None:
        raise NotFoundError(404, {"detail": f'Work pool "{name}" not found.'}, f"no work pool named {name!r}")
    filters = selection("work_queues", v, f.QUEUE_KEYS).filters
    sel = Selection("work_queues", filters, match={"work_pool_id": frozenset({pool.id})})
    return [
        render.work_queue(ctx, q, slots="pool_queues")
        for q in rows(ctx, sel, SORTS["PRIORITY_ASC"], v["offset"], v["limit"])
    ]


#: The work-queue routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/work_queues/filter",
        listing("work_queues", f.QUEUE_KEYS, SORTS, _row, fixed="NAME_ASC"),
        Params((OFFSET, f.WORK_QUEUES), True),
    ),
    Route("POST", "/work_pools/{work_pool_name}/queues/filter", _pool_queues, Params((f.WORK_QUEUES, OFFSET), True)),
)
