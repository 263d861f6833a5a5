"""Work queues as Prefect 3.9.1 returns them (``WorkQueueResponse``)."""

from __future__ import annotations

from typing import Any

from ...api.rendering import servable_name
from ...api.route import Context
from ...timeutil import format_ts
from .record import WorkQueue
from .slots import active_slots


def core_work_queue(queue: WorkQueue) -> dict[str, Any]:
    """A work queue as Prefect's core ``WorkQueue`` schema prints it (no pool name, status or slots)."""
    return {
        "id": queue.id,
        "created": format_ts(queue.created),
        "updated": format_ts(queue.updated),
        "name": servable_name(queue.name),
        "description": queue.description,
        "is_paused": queue.is_paused,
        "concurrency_limit": queue.concurrency_limit,
        "priority": queue.priority,
        "work_pool_id": queue.work_pool_id,
        "filter": queue.filter,
        "last_polled": format_ts(queue.last_polled),
    }


def work_queue(ctx: Context, queue: WorkQueue, slots: str) -> dict[str, Any]:
    """A ``WorkQueueResponse``; ``active_slots`` (counted per `slots` flavor) only with a concurrency limit."""
    pool = ctx.tables["work_pools"].get(queue.work_pool_id)
    return {
        **core_work_queue(queue),
        "work_pool_name": pool.name if pool is not None else None,
        "status": queue.status,
        "active_slots": None if queue.concurrency_limit is None else active_slots(ctx.engine, slots, queue.id),
    }
