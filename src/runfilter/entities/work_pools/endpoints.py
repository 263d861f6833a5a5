"""The work-pool routes: filter, count, read by name, concurrency status and a worker's poll."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ...api import filter_params as f
from ...api.client_version import client_version_at_most
from ...api.handlers import counting, listing
from ...api.params import OFFSET, PAGE, Params, param
from ...api.route import Context, Route
from ...errors import NotFoundError
from ...query.selection import Selection
from ...timeutil import RequestDateTime
from ...writes.polls import plan_poll
from ..work_queues.concurrency_status import pool_concurrency_status
from . import render
from .scheduled import pool_runs, worker_flow_run
from .sorts import SORTS

#: Clients up to this version cannot read a pool's ``default_result_storage_block_id``.
_LAST_CLIENT_WITHOUT_RESULT_STORAGE = (3, 3, 7)


def _for_client(ctx: Context, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Reproduces Prefect's answer to clients <= 3.3.7: no default_result_storage_block_id
    # in storage_configuration (docs/semantics.md#client-version; conformance case pq_reads:pool-ua-3.3.7).
    if client_version_at_most(ctx.headers, _LAST_CLIENT_WITHOUT_RESULT_STORAGE):
        for row in rows:
            storage = dict(row["storage_configuration"])
            storage.pop("default_result_storage_block_id", None)
            row["storage_configuration"] = storage
    return rows


def pool_or_404(ctx: Context, name: str) -> Any:
    """The pool called `name`, else Prefect's 404 ``Work pool "name" not found.``."""
    pool = ctx.engine.pool_named(name)
    if pool is None:
        raise NotFoundError(404, {"detail": f'Work pool "{name}" not found.'}, f"no work pool named {name!r}")
    return pool


_list_pools = listing("work_pools", f.POOL_KEYS, SORTS, render.work_pool, fixed="NAME_ASC")


def _filter(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``/work_pools/filter``: pools by name, shaped for the client's version."""
    return _for_client(ctx, _list_pools(ctx, v))


def _read(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /work_pools/{name}``."""
    pool = pool_or_404(ctx, ctx.path_params["name"])
    return _for_client(ctx, [render.work_pool(ctx, pool)])[0]


def _poll(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /work_pools/{name}/get_scheduled_flow_runs``: a worker's poll, recorded on the queues it polled."""
    pool = pool_or_404(ctx, ctx.path_params["name"])
    names = v["work_queue_names"]
    if names:
        queues = [_pool_queue(ctx, pool, name) for name in names]
    else:
        of_pool = Selection("work_queues", match={"work_pool_id": frozenset({pool.id})})
        queues = sorted(ctx.engine.matching(of_pool), key=lambda q: (q.priority, q.seq))
    pairs = pool_runs(ctx.engine, pool, queues, v["scheduled_after"], v["scheduled_before"], v["limit"])
    answer = [worker_flow_run(ctx, pool, queue, run) for queue, run in pairs]
    if ctx.commit is not None:
        ctx.commit(plan_poll(ctx.tables, ctx.now, queue_ids=[q.id for q in queues]))
    return answer


def _pool_queue(ctx: Context, pool: Any, name: str) -> Any:
    found = ctx.engine.matching(
        Selection("work_queues", match={"work_pool_id": frozenset({pool.id}), "name": frozenset({name})})
    )
    if not found:
        detail = f"Work pool queue '{pool.name}/{name}' not found."
        raise NotFoundError(404, {"detail": detail}, f"no queue {name!r} in pool {pool.name!r}")
    return found[0]


#: The work-pool routes runfilter serves (pools are listed by name: there is no sort parameter).
ROUTES = (
    Route("POST", "/work_pools/filter", _filter, Params((f.WORK_POOLS, OFFSET), True)),
    Route("POST", "/work_pools/count", counting("work_pools", f.POOL_KEYS), Params((f.WORK_POOLS,))),
    Route("GET", "/work_pools/{name}", _read),
    Route(
        "POST",
        "/work_pools/{name}/concurrency_status",
        pool_concurrency_status,
        Params((PAGE, param("flow_run_limit", Annotated[int, Field(ge=0, le=200)], 10)), True),
    ),
    Route(
        "POST",
        "/work_pools/{name}/get_scheduled_flow_runs",
        _poll,
        Params(
            (
                param("work_queue_names", list[str] | None),
                param("scheduled_before", RequestDateTime | None),
                param("scheduled_after", RequestDateTime | None),
            ),
            True,
        ),
    ),
)
