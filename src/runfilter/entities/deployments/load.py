"""Loading deployments: the queue name a deployment copies, its concurrency limit's id, schedules, refused fields."""

from __future__ import annotations

from typing import Any

from ...errors import DatasetError
from ...loading.batch import BatchBuilder, default_stamps
from ...loading.columns import read_columns
from ...schema import Kind
from ..concurrency_limits_v2.load import deployment_limit_id
from .schedules import load_schedules


def load_deployments(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every deployment of the batch, deriving its queue name and the id of its concurrency limit."""
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
        values.update(
            id=dep_id,
            concurrency_limit_id=None if values["concurrency_limit"] is None else deployment_limit_id(dep_id),
            schedules=load_schedules(item.raw.get("schedules"), item.where, dep_id, created, updated, b.now),
        )
        deployment = kind.record(seq=0, **values)
        b.claim_unique(kind.name, key_of(deployment), dep_id, item.index)  # type: ignore[arg-type]
        deployment.seq = b.seq_for(kind.name, dep_id)
        b.new[kind.name][dep_id] = deployment
