"""Loading workers: the pool by id or name, ``last_heartbeat_time`` from ``created``, the status the foreman
leaves (docs/semantics.md#workers)."""

from __future__ import annotations

from typing import Any

from ...errors import DatasetError
from ...loading.batch import BatchBuilder, default_stamps
from ...loading.columns import read_columns
from ...schema import Kind

#: Prefect's foreman: the interval assumed for a worker that never said its own
#: (``server.services.foreman.fallback_heartbeat_interval_seconds``)
FALLBACK_HEARTBEAT_INTERVAL_S = 30
#: ... and how many missed intervals make it OFFLINE (``inactivity_heartbeat_multiple``)
INACTIVITY_HEARTBEAT_MULTIPLE = 3
_US = 1_000_000


def foreman_status(last_heartbeat_us: int, interval_s: int | None, now_us: int) -> str:
    """The status Prefect's foreman service leaves on a worker row at `now_us`.

    OFFLINE when more than ``(interval, else 30) × 3`` seconds passed since the
    last heartbeat; exactly that long ago is still ONLINE. Only a *missing*
    interval falls back to 30: an interval of 0 makes any past heartbeat
    OFFLINE. Pinned by ``k13_workers_status/*``.
    """
    interval = FALLBACK_HEARTBEAT_INTERVAL_S if interval_s is None else interval_s
    horizon_us = interval * INACTIVITY_HEARTBEAT_MULTIPLE * _US
    return "OFFLINE" if now_us - last_heartbeat_us > horizon_us else "ONLINE"


def _with_pool_id(b: BatchBuilder, item: Any) -> None:
    """Resolve ``work_pool_name`` to the pool's id when the item gives no ``work_pool_id``."""
    pool_name = item.raw.get("work_pool_name")
    if item.raw.get("work_pool_id") is not None:
        return
    if pool_name is None:
        raise DatasetError(f"{item.where}.work_pool_id", "required (a worker belongs to a work pool)")
    if not isinstance(pool_name, str):
        raise DatasetError(f"{item.where}.work_pool_name", f"expected a pool name, got {pool_name!r}")
    pools_by_name = b.scratch.get("workers.pools_by_name")
    if pools_by_name is None:
        pools_by_name = b.scratch["workers.pools_by_name"] = {p.name: p.id for p in b.new["work_pools"].values()}
    pool_id = pools_by_name.get(pool_name) or b.store.unique_owner("work_pools", (pool_name,))
    if pool_id is None:
        raise DatasetError(f"{item.where}.work_pool_name", f"no work pool named {pool_name!r}")
    item.raw = {**item.raw, "work_pool_id": pool_id}


def load_workers(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every worker of the batch (pools are loaded already); (pool, name) is unique."""
    key_of = kind.unique.key_of()  # type: ignore[union-attr]
    for worker_id, item in b.items(kind.name, raws):
        _with_pool_id(b, item)
        values = read_columns(b, kind, item)
        b.check_refs(item, kind, values)
        values["created"], values["updated"] = default_stamps(values["created"], values["updated"], b.now)
        if values["last_heartbeat_time"] is None:
            values["last_heartbeat_time"] = values["created"]
        if values["status"] is None:
            values["status"] = foreman_status(
                values["last_heartbeat_time"], values["heartbeat_interval_seconds"], b.now
            )
        values["id"] = worker_id
        worker = kind.record(seq=0, **values)
        b.claim_unique(kind.name, key_of(worker), worker_id, item.index)  # type: ignore[arg-type]
        worker.seq = b.seq_for(kind.name, worker_id)
        b.new[kind.name][worker_id] = worker
