"""What a poll for work changes: queues marked polled or ready, deployments marked ready (docs/semantics.md#polling).

When a worker or runner asks for scheduled runs, Prefect 3.9.1 records the
poll right after answering:

* every polled queue gets ``last_polled`` = now (and, being written,
  ``updated`` = now); a NOT_READY queue also becomes READY;
* every deployment named by the poll, or on one of the polled queues,
  becomes READY with ``last_polled`` = now, its ``updated`` untouched.

The planner only reads the store; the returned change set is committed
through :meth:`runfilter.Store.apply` like every other change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from . import ChangeSet


def plan_poll(
    tables: Mapping[str, Mapping[str, Any]],
    now: int,
    queue_ids: Iterable[str] = (),
    deployment_ids: Iterable[str] = (),
) -> ChangeSet:
    """The change recording a poll of `queue_ids` (and of the deployments `deployment_ids`) at `now`.

    O(q + d) for q queues and d deployments in the store. Unknown ids are
    ignored, as Prefect's UPDATE statements ignore them.
    """
    queues = tables["work_queues"]
    polled = {queue_id for queue_id in queue_ids if queue_id in queues}
    put_queues = {
        queue_id: dataclasses.replace(
            queues[queue_id],
            last_polled=now,
            updated=now,
            status="READY" if queues[queue_id].status == "NOT_READY" else queues[queue_id].status,
        )
        for queue_id in polled
    }
    named = set(deployment_ids)
    put_deployments = {}
    if named or polled:
        for deployment in tables["deployments"].values():
            if deployment.id in named or deployment.work_queue_id in polled:
                put_deployments[deployment.id] = dataclasses.replace(deployment, status="READY", last_polled=now)
    return ChangeSet(put={"work_queues": put_queues, "deployments": put_deployments})


__all__ = ["plan_poll"]
