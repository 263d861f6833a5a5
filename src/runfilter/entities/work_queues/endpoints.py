"""The work-queue routes: lists, reads by id or name, status, concurrency status and a poll for runs."""

from __future__ import annotations

from typing import Any

from ...api import filter_params as f
from ...api.handlers import listing, rows, selection
from ...api.params import OFFSET, PAGE, Params, param
from ...api.route import Context, Route
from ...errors import NotFoundError
from ...query.selection import Selection
from ...timeutil import RequestDateTime
from ...writes.polls import plan_poll
from ..flow_runs.render import flow_run_as_stored
from . import render
from .concurrency_status import queue_concurrency_status
from .scheduled import queue_runs
from .sorts import SORTS
from .status import queue_status


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


def _queue_or_404(ctx: Context) -> Any:
    queue = ctx.engine.record("work_queues", ctx.path_params["id"])
    if queue is None:
        raise NotFoundError(404, {"detail": "work queue not found"}, f"no work queue {ctx.path_params['id']}")
    return queue


def _read(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /work_queues/{id}``."""
    return _row(ctx, _queue_or_404(ctx))


#: Prefect's pool of legacy agent queues: ``/work_queues/name/{name}`` looks only there when it exists
DEFAULT_AGENT_POOL = "default-agent-pool"


def _read_by_name(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /work_queues/name/{name}``: the queue of that name in the default agent pool, if there is one,
    else the first of that name in any pool (docs/semantics.md#queue-by-name)."""
    name = ctx.path_params["name"]
    match = {"name": frozenset({name})}
    agent_pool = ctx.engine.pool_named(DEFAULT_AGENT_POOL)
    if agent_pool is not None:
        match["work_pool_id"] = frozenset({agent_pool.id})
    found = sorted(ctx.engine.matching(Selection("work_queues", match=match)), key=lambda q: q.seq)
    if not found:
        raise NotFoundError(404, {"detail": "work queue not found"}, f"no work queue named {name!r}")
    return _row(ctx, found[0])


def _read_in_pool(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /work_pools/{work_pool_name}/queues/{name}``."""
    pool_name, name = ctx.path_params["work_pool_name"], ctx.path_params["name"]
    pool = ctx.engine.pool_named(pool_name)
    found = (
        ctx.engine.matching(
            Selection("work_queues", match={"work_pool_id": frozenset({pool.id}), "name": frozenset({name})})
        )
        if pool is not None
        else []
    )
    if not found:
        detail = f"Work pool queue '{pool_name}/{name}' not found."
        raise NotFoundError(404, {"detail": detail}, f"no queue {name!r} in pool {pool_name!r}")
    return render.work_queue(ctx, found[0], slots="pool_queues")


def _get_runs(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /work_queues/{id}/get_runs``: the queue's scheduled runs; a poll unless the UI asks."""
    queue = ctx.engine.record("work_queues", ctx.path_params["id"])
    if queue is None:
        detail = f"Work queue with id {ctx.path_params['id']} not found."
        raise NotFoundError(404, {"exception_message": detail}, detail)
    runs = queue_runs(ctx.engine, queue, v["limit"], v["scheduled_before"], ctx.now)
    answer = [flow_run_as_stored(ctx, run) for run in runs]
    if not v["x-prefect-ui"] and ctx.commit is not None:
        ctx.commit(plan_poll(ctx.tables, ctx.now, queue_ids=[queue.id]))
    return answer


#: The work-queue routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/work_queues/filter",
        listing("work_queues", f.QUEUE_KEYS, SORTS, _row, fixed="NAME_ASC"),
        Params((OFFSET, f.WORK_QUEUES), True),
    ),
    Route("POST", "/work_pools/{work_pool_name}/queues/filter", _pool_queues, Params((f.WORK_QUEUES, OFFSET), True)),
    Route("GET", "/work_pools/{work_pool_name}/queues/{name}", _read_in_pool),
    Route("GET", "/work_queues/name/{name}", _read_by_name),
    Route("GET", "/work_queues/{id:uuid}", _read),
    Route("GET", "/work_queues/{id:uuid}/status", queue_status),
    Route("POST", "/work_queues/{id:uuid}/concurrency_status", queue_concurrency_status, Params((PAGE,), True)),
    Route(
        "POST",
        "/work_queues/{id:uuid}/get_runs",
        _get_runs,
        # FastAPI validates header parameters before body ones
        Params(
            (param("x-prefect-ui", bool | None, False, "header"), param("scheduled_before", RequestDateTime | None)),
            True,
        ),
    ),
)
