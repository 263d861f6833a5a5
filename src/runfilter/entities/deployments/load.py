"""Loading deployments: the queue name a deployment copies, its concurrency-limit object, schedules, refused fields."""

from __future__ import annotations

import uuid
from typing import Any

from ... import codecs
from ...errors import DatasetError
from ...loading.batch import BatchBuilder, default_stamps
from ...loading.columns import read_columns
from ...schema import Kind
from ...timeutil import format_ts
from .schedules import load_schedules


def load_deployments(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every deployment of the batch, deriving its queue name and concurrency limit object."""
    key_of = kind.unique.key_of()  # type: ignore[union-attr]
    for dep_id, item in b.items(kind.name, raws):
        for blocked in ("storage_document_id", "infrastructure_document_id"):
            if item.raw.get(blocked) is not None:
                raise DatasetError(f"{item.where}.{blocked}", "block documents are not supported")
        if item.raw.get("job_variables") is None and item.raw.get("infra_overrides") is not None:
            # Prefect still accepts the old name infra_overrides for job_variables
            item.raw = {**item.raw, "job_variables": item.raw["infra_overrides"]}
        values = read_columns(b, kind, item)
        b.check_refs(item, kind, values)
        if values["work_queue_name"] is None and values["work_queue_id"] is not None:
            values["work_queue_name"] = b.lookup("work_queues", values["work_queue_id"]).name
        created, updated = values["created"], values["updated"] = default_stamps(
            values["created"], values["updated"], b.now
        )
        limit = item.get("concurrency_limit", codecs.LIMIT.read)
        values.update(
            id=dep_id,
            global_concurrency_limit=None if limit is None else _deployment_limit(dep_id, limit, created, updated),
            schedules=load_schedules(item.raw.get("schedules"), item.where, dep_id, created, updated, b.now),
        )
        deployment = kind.record(seq=0, **values)
        b.claim_unique(kind.name, key_of(deployment), dep_id, item.index)  # type: ignore[arg-type]
        deployment.seq = b.seq_for(kind.name, dep_id)
        b.new[kind.name][dep_id] = deployment


def _deployment_limit(dep_id: str, limit: int, created: int, updated: int) -> dict[str, Any]:
    """The ``deployment:<id>`` global concurrency limit Prefect creates for a deployment limit."""
    return {
        "id": str(uuid.uuid5(uuid.UUID(dep_id), "concurrency-limit")),
        "created": format_ts(created),
        "updated": format_ts(updated),
        "active": True,
        "name": f"deployment:{dep_id}",
        "limit": limit,
        "active_slots": 0,
        "slot_decay_per_second": 0.0,
    }
