"""Loading work queues: a queue's pool may be named instead of given by id; priorities number from 1."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ...errors import DatasetError
from ...loading.batch import BatchBuilder, default_stamps
from ...loading.columns import read_columns
from ...schema import Kind


def load_queues(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every work queue of the batch (pools are loaded already)."""
    pools_by_name = {pool.name: pool.id for pool in b.new["work_pools"].values()}
    # Prefect numbers the queues of a pool 1, 2, ... when no priority is given
    queues_in_pool = Counter(queue.work_pool_id for queue in b.store.table(kind.name).values())
    key_of = kind.unique.key_of()  # type: ignore[union-attr]
    for queue_id, item in b.items(kind.name, raws):
        pool_name = item.raw.get("work_pool_name")
        if item.raw.get("work_pool_id") is None and pool_name is not None:
            if not isinstance(pool_name, str):
                raise DatasetError(f"{item.where}.work_pool_name", f"expected a pool name, got {pool_name!r}")
            pool_id = pools_by_name.get(pool_name) or b.store.unique_owner("work_pools", (pool_name,))
            if pool_id is None:
                raise DatasetError(f"{item.where}.work_pool_name", f"no work pool named {pool_name!r}")
            item.raw = {**item.raw, "work_pool_id": pool_id}
        elif item.raw.get("work_pool_id") is None:
            raise DatasetError(f"{item.where}.work_pool_id", "required (every Prefect work queue belongs to a pool)")
        values = read_columns(b, kind, item)
        b.check_refs(item, kind, values)
        pool_id = values["work_pool_id"]
        if values["priority"] is None:
            values["priority"] = queues_in_pool[pool_id] + 1
        queues_in_pool[pool_id] += 1
        values["created"], values["updated"] = default_stamps(values["created"], values["updated"], b.now)
        values["id"] = queue_id
        queue = kind.record(seq=0, **values)
        b.claim_unique(kind.name, key_of(queue), queue_id, item.index)  # type: ignore[arg-type]
        queue.seq = b.seq_for(kind.name, queue_id)
        b.new[kind.name][queue_id] = queue
