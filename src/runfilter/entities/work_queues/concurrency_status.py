"""Who holds the concurrency slots of a pool or a queue: the two ``concurrency_status`` routes.

Prefect 3.9.1 counts slot holders as its schedulers do (docs/semantics.md#active-slots):

* a pool's: PENDING or RUNNING runs on any of its queues (by ``work_queue_id``);
  the answer pages the pool's queues by priority and lists at most
  ``flow_run_limit`` holders per queue;
* a queue's: PENDING, RUNNING or CANCELLING runs on the queue, or with no
  queue but the queue's name in ``work_queue_name``; the answer pages them.

Holders are listed by run id. ``time_in_current_state`` is the time since
the run's state began, at the request's clock.
"""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...errors import NotFoundError
from ...query.selection import Selection
from ...timeutil import format_ts, seconds
from .sorts import SORTS

_POOL_SLOT_STATES = frozenset({"PENDING", "RUNNING"})
_QUEUE_SLOT_STATES = frozenset({"PENDING", "RUNNING", "CANCELLING"})


def slot_summary(run: Any, now: int) -> dict[str, Any]:
    """Prefect's ``FlowRunSlotSummary`` of one slot-holding run."""
    return {
        "id": run.id,
        "name": run.name,
        "state_type": run.state_type or None,
        "state_name": run.state_name or None,
        "start_time": format_ts(run.start_time),
        "state_timestamp": format_ts(run.state_timestamp),
        "time_in_current_state": None if run.state_timestamp is None else seconds(now - run.state_timestamp),
    }


def _pages(count: int, limit: int) -> int:
    return (count + limit - 1) // limit if limit > 0 else 0


def pool_concurrency_status(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``POST /work_pools/{name}/concurrency_status``: the pool's slot holders, per page of its queues."""
    engine, name = ctx.engine, ctx.path_params["name"]
    pool = engine.pool_named(name)
    if pool is None:
        raise NotFoundError(404, {"detail": f"Work pool {name!r} not found."}, f"no work pool named {name!r}")
    page, limit, per_queue = v["page"], v["limit"], v["flow_run_limit"]
    of_pool = Selection("work_queues", match={"work_pool_id": frozenset({pool.id})})
    all_queues = engine.matching(of_pool)
    queues = engine.select(of_pool, SORTS["PRIORITY_ASC"], ctx.now, (page - 1) * limit, limit)
    holders = (
        engine.matching(
            Selection(
                "flow_runs",
                match={"work_queue_id": frozenset(q.id for q in all_queues), "state_type": _POOL_SLOT_STATES},
            )
        )
        if all_queues
        else []
    )
    by_queue: dict[str, list[Any]] = {}
    for run in sorted(holders, key=lambda run: run.id):
        by_queue.setdefault(run.work_queue_id, []).append(run)
    return {
        "active_slots": len(holders),
        "concurrency_limit": pool.concurrency_limit,
        "queues": [
            {
                "queue_id": queue.id,
                "queue_name": queue.name,
                "active_slots": len(by_queue.get(queue.id, ())),
                "concurrency_limit": queue.concurrency_limit,
                "flow_runs": [slot_summary(run, ctx.now) for run in by_queue.get(queue.id, ())[:per_queue]],
                "flow_run_count": len(by_queue.get(queue.id, ())),
            }
            for queue in queues
        ],
        "count": len(all_queues),
        "limit": limit,
        "pages": _pages(len(all_queues), limit),
        "page": page,
    }


def queue_slot_holders(engine: Any, queue: Any) -> list[Any]:
    """The runs holding a slot of `queue` by Prefect's queue rule (see the module), by id."""
    by_id = engine.matching(
        Selection("flow_runs", match={"work_queue_id": frozenset({queue.id}), "state_type": _QUEUE_SLOT_STATES})
    )
    by_name = engine.matching(
        Selection("flow_runs", match={"work_queue_name": frozenset({queue.name}), "state_type": _QUEUE_SLOT_STATES})
    )
    queueless = [run for run in by_name if run.work_queue_id is None]
    return sorted([*by_id, *queueless], key=lambda run: run.id)


def queue_concurrency_status(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``POST /work_queues/{id}/concurrency_status``: one page of the queue's slot holders."""
    queue = ctx.engine.record("work_queues", ctx.path_params["id"])
    if queue is None:
        raise NotFoundError(404, {"detail": "Work queue not found."}, f"no work queue {ctx.path_params['id']}")
    page, limit = v["page"], v["limit"]
    holders = queue_slot_holders(ctx.engine, queue)
    start = (page - 1) * limit
    return {
        "active_slots": len(holders),
        "concurrency_limit": queue.concurrency_limit,
        "flow_runs": [slot_summary(run, ctx.now) for run in holders[start : start + limit]],
        "count": len(holders),
        "limit": limit,
        "pages": _pages(len(holders), limit),
        "page": page,
    }


__all__ = ["pool_concurrency_status", "queue_concurrency_status", "queue_slot_holders", "slot_summary"]
