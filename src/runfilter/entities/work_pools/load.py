"""Loading work pools: every pool gets a default queue, as Prefect creates one with each pool, and a status."""

from __future__ import annotations

import uuid
from typing import Any

from ...loading.batch import BatchBuilder
from ...schema import Kind
from ..work_queues.record import WorkQueue


def finish_pools(b: BatchBuilder, kind: Kind) -> None:
    """Settle what the pools of the batch leave out, once queues and workers are loaded: a status
    (:func:`settle_statuses`) and a default queue (:func:`settle_default_queues`)."""
    settle_statuses(b, kind)
    settle_default_queues(b, kind)


def settle_statuses(b: BatchBuilder, kind: Kind) -> None:
    """A pool item without ``status``: READY when one of its workers (of the batch or the store) is ONLINE,
    else NOT_READY.

    Reproduces what Prefect's heartbeats leave: a worker's heartbeat marks a
    NOT_READY pool READY. Decided when the pool is loaded (a worker inserted
    later does not change it). Pinned by ``k13_workers_pools/*`` (docs/semantics.md#workers).
    """
    unsettled = {pool.id: pool for pool in b.new[kind.name].values() if pool.status is None}
    if not unsettled:
        return
    # the batch's version of a worker replaces the stored one
    workers = {w.id: w for table in (b.store.table("workers"), b.new["workers"]) for w in table.values()}
    ready = {w.work_pool_id for w in workers.values() if w.status == "ONLINE" and w.work_pool_id in unsettled}
    for pool_id, pool in unsettled.items():
        pool.status = "READY" if pool_id in ready else "NOT_READY"


def settle_default_queues(b: BatchBuilder, kind: Kind) -> None:
    """Give each pool of the batch without a ``default_queue_id`` its default queue.

    Prefect's responses need a default queue and Prefect creates one named
    "default" with every pool: use that, else the pool's first queue by
    priority, else create it (docs/semantics.md#dataset-defaults).
    """
    pools = [pool for pool in b.new[kind.name].values() if pool.default_queue_id is None]
    if not pools:
        return
    wanted = {pool.id for pool in pools}
    # the batch's version of a queue replaces the stored one
    queues = {q.id: q for table in (b.store.table("work_queues"), b.new["work_queues"]) for q in table.values()}
    queues_in_pool: dict[str, list[WorkQueue]] = {pool_id: [] for pool_id in wanted}
    for queue in queues.values():
        if queue.work_pool_id in wanted:
            queues_in_pool[queue.work_pool_id].append(queue)
    for pool in pools:
        pool.default_queue_id = _default_queue(b, pool.id, queues_in_pool[pool.id])


def _default_queue(b: BatchBuilder, pool_id: str, queues: list[Any]) -> str:
    named = [q for q in queues if q.name == "default"]
    if named:
        return min(named, key=lambda q: q.priority).id
    if queues:
        return min(queues, key=lambda q: (q.priority, q.name, q.id)).id
    queue_id = str(uuid.uuid5(uuid.UUID(pool_id), "default-queue"))
    b.new["work_queues"][queue_id] = WorkQueue(
        id=queue_id,
        seq=b.seq_for("work_queues", queue_id),
        name="default",
        work_pool_id=pool_id,
        priority=1,
        description="The work pool's default queue.",
        is_paused=False,
        concurrency_limit=None,
        filter=None,
        last_polled=None,
        status="NOT_READY",
        created=b.now,
        updated=b.now,
    )
    return queue_id
