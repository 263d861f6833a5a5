"""``GET /deployments/{id}/work_queue_check``: which queues would take a deployment.

docs/semantics.md#queue-by-name

Prefect 3.9.1 (the route is deprecated) reads each work queue's legacy
``filter`` and keeps a queue, whatever its pool, when

* every tag of its ``filter.tags`` is one of the deployment's tags, compared
  as sets of exact strings (repeats do not matter); no tags, an empty list
  or no filter at all ask for nothing; and
* its ``filter.deployment_ids`` is missing or empty, or holds the
  deployment's id.

On SQLite both tests are JSON containment counted with ``json_each``;
a missing list reads as JSON ``null``, which holds no element. Prefect
selects the queues without an ORDER BY, so their order is the database's
(its table order); runfilter lists them in load order and the corpus
compares the list as a multiset. A queue is rendered as Prefect's core
``WorkQueue``: no pool name, status or slots, unlike the
``/work_queues/filter`` rows. An unknown deployment is 404
``Deployment not found``.
"""

from __future__ import annotations

from typing import Any

from ...api.route import Context, Route
from ...errors import NotFoundError
from ...query.selection import Selection
from ..work_queues.render import core_work_queue


def takes(queue_filter: dict[str, Any] | None, deployment: Any) -> bool:
    """Whether a queue with the legacy `queue_filter` would pick up `deployment` (see the module)."""
    if queue_filter is None:
        return True
    wanted_tags = queue_filter.get("tags") or ()
    if not set(wanted_tags) <= set(deployment.tags):
        return False
    ids = queue_filter.get("deployment_ids")
    return not ids or deployment.id in ids


def _work_queue_check(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    deployment = ctx.engine.record("deployments", ctx.path_params["id"])
    if deployment is None:
        raise NotFoundError(404, {"detail": "Deployment not found"}, f"deployment not found: {ctx.path_params}")
    queues = sorted(ctx.engine.matching(Selection("work_queues")), key=lambda queue: queue.seq)
    return [core_work_queue(queue) for queue in queues if takes(queue.filter, deployment)]


#: The work-queue check route.
ROUTES = (Route("GET", "/deployments/{id:uuid}/work_queue_check", _work_queue_check),)

__all__ = ["ROUTES", "takes"]
