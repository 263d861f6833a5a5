"""``GET /work_queues/{id}/status``: a queue's health as Prefect 3.9.1 judges it (``WorkQueueStatusDetail``).

Every queue has the same policy: healthy when it has no Late run and was
polled within the last 60 seconds. A Late run is one whose state is named
``Late``, on the queue by ``work_queue_id``.
"""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...errors import NotFoundError
from ...query.selection import Selection
from ...timeutil import US_PER_SECOND, format_ts

#: Prefect's ``WorkQueueHealthPolicy`` for every queue.
HEALTH_POLICY = {"maximum_late_runs": 0, "maximum_seconds_since_last_polled": 60}


def queue_status(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """The status detail of the queue in the path; 404 in Prefect's not-found shape for an unknown id."""
    queue_id = ctx.path_params["id"]
    queue = ctx.engine.record("work_queues", queue_id)
    if queue is None:
        detail = f"Work queue with id {queue_id} not found"
        raise NotFoundError(404, {"exception_message": detail}, detail)
    late = ctx.engine.count(
        Selection("flow_runs", match={"work_queue_id": frozenset({queue.id}), "state_name": frozenset({"Late"})})
    )
    polled = queue.last_polled
    # Prefect compares the elapsed time as float seconds: strictly more than 60 is unhealthy
    recent = (
        polled is not None and (ctx.now - polled) / US_PER_SECOND <= HEALTH_POLICY["maximum_seconds_since_last_polled"]
    )
    return {
        "healthy": late <= HEALTH_POLICY["maximum_late_runs"] and recent,
        "late_runs_count": late,
        "last_polled": format_ts(polled),
        "health_check_policy": dict(HEALTH_POLICY),
    }


__all__ = ["HEALTH_POLICY", "queue_status"]
