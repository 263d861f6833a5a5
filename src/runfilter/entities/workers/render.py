"""Workers as Prefect 3.9.1 returns them (``WorkerResponse``)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from .record import Worker


def worker(ctx: Context, w: Worker) -> dict[str, Any]:
    """A ``WorkerResponse``: the stored ``status``, as the route serves it (docs/semantics.md#workers)."""
    return {
        "id": w.id,
        "created": format_ts(w.created),
        "updated": format_ts(w.updated),
        "name": w.name,
        "work_pool_id": w.work_pool_id,
        "last_heartbeat_time": format_ts(w.last_heartbeat_time),
        "heartbeat_interval_seconds": w.heartbeat_interval_seconds,
        "status": w.status,
    }
