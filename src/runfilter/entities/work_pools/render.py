"""Work pools as Prefect 3.9.1 returns them (``WorkPoolResponse``)."""

from __future__ import annotations

from typing import Any

from ...api.rendering import servable_name
from ...api.route import Context
from ...timeutil import format_ts
from ..work_queues.slots import active_slots
from .record import WorkPool


def work_pool(ctx: Context, pool: WorkPool) -> dict[str, Any]:
    """A ``WorkPoolResponse``; ``active_slots`` only when the pool has a concurrency limit."""
    return {
        "id": pool.id,
        "created": format_ts(pool.created),
        "updated": format_ts(pool.updated),
        "name": servable_name(pool.name, non_emptyish=True),
        "description": pool.description,
        "type": pool.type,
        "base_job_template": pool.base_job_template,
        "is_paused": pool.is_paused,
        # Prefect hides the status of legacy agent pools
        "concurrency_limit": pool.concurrency_limit,
        "status": None if pool.type == "prefect-agent" else pool.status,
        "default_queue_id": pool.default_queue_id,
        "storage_configuration": pool.storage_configuration,
        "active_slots": None if pool.concurrency_limit is None else active_slots(ctx.engine, "work_pools", pool.id),
    }
