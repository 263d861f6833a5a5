"""Flows, work pools, work queues and deployments, with the defaults Prefect derives."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .. import normalize as norm
from ..errors import DatasetError
from ..records import Deployment, Flow, WorkPool, WorkQueue
from ..timeutil import format_ts
from .batch import BatchBuilder, Item


def build_flows(b: BatchBuilder, dataset: Mapping[str, Any]) -> None:
    """Validate every flow of `dataset` into ``b.new["flows"]``."""
    for flow_id, item in b.items(dataset, "flows"):
        name = item.required_str("name")
        b.claim_unique("flows", (name,), flow_id, item.index)
        created, updated = b.stamps(item)
        b.new["flows"][flow_id] = Flow(
            flow_id,
            b.seq_for("flows", flow_id),
            name,
            item.get("tags", norm.tags),
            item.get("labels", norm.labels),
            created,
            updated,
        )


def build_pools_and_queues(b: BatchBuilder, dataset: Mapping[str, Any]) -> None:
    """Validate work pools and queues, deriving priorities and each pool's default queue."""
    pools = list(b.items(dataset, "work_pools"))
    pool_by_name = {item.raw.get("name"): pool_id for pool_id, item in pools}
    pool_ids = {pool_id for pool_id, _ in pools}
    # work pool ids must be known before queues, and queues before pools' default queue
    b.new["work_pools"].update({pool_id: None for pool_id in pool_ids})
    queues_in_pool: dict[str, list[WorkQueue]] = defaultdict(list)
    for queue in b.store.table("work_queues").values():
        queues_in_pool[queue.work_pool_id].append(queue)
    for queue_id, item in b.items(dataset, "work_queues"):
        name = item.required_str("name")
        pool_id = item.uuid("work_pool_id")
        if pool_id is None and item.raw.get("work_pool_name") is not None:
            pool_id = pool_by_name.get(item.raw["work_pool_name"]) or _stored_pool_named(b, item.raw["work_pool_name"])
            if pool_id is None:
                raise DatasetError(f"{item.where}.work_pool_name", f"no work pool named {item.raw['work_pool_name']!r}")
        if pool_id is None:
            raise DatasetError(f"{item.where}.work_pool_id", "required (every Prefect work queue belongs to a pool)")
        if not b.exists("work_pools", pool_id):
            raise DatasetError(f"{item.where}.work_pool_id", f"no work pool with id {pool_id} in the dataset")
        b.claim_unique("work_queues", (pool_id, name), queue_id, item.index)
        priority = item.get("priority", norm.optional_int)
        if priority is None:
            priority = len(queues_in_pool[pool_id]) + 1
        created, updated = b.stamps(item)
        queue = WorkQueue(
            id=queue_id,
            seq=b.seq_for("work_queues", queue_id),
            name=name,
            work_pool_id=pool_id,
            priority=priority,
            description=item.get("description", norm.optional_str) or "",
            is_paused=item.get("is_paused", lambda v: norm.boolean(v, False)),
            concurrency_limit=item.get("concurrency_limit", lambda v: norm.optional_int(v, 0)),
            filter=item.get("filter", norm.queue_filter),
            last_polled=item.time("last_polled"),
            status=item.get("status", lambda v: norm.status("work_queues", v)),
            created=created,
            updated=updated,
        )
        b.new["work_queues"][queue_id] = queue
        queues_in_pool[pool_id].append(queue)
    for pool_id, item in pools:
        b.new["work_pools"][pool_id] = _pool(b, pool_id, item, queues_in_pool[pool_id])


def _stored_pool_named(b: BatchBuilder, name: str) -> str | None:
    return b.store.unique_owner("work_pools", (name,))


def _pool(b: BatchBuilder, pool_id: str, item: Item, queues: list[WorkQueue]) -> WorkPool:
    name = item.required_str("name")
    pool_type = item.required_str("type")
    b.claim_unique("work_pools", (name,), pool_id, item.index)
    default_queue = b.ref(item, "default_queue_id", "work_queues", "work queue")
    if default_queue is None:
        default_queue = _default_queue(b, pool_id, queues)
    created, updated = b.stamps(item)
    return WorkPool(
        id=pool_id,
        seq=b.seq_for("work_pools", pool_id),
        name=name,
        type=pool_type,
        description=item.get("description", norm.optional_str),
        base_job_template=item.get("base_job_template", norm.json_object),
        is_paused=item.get("is_paused", lambda v: norm.boolean(v, False)),
        default_queue_id=default_queue,
        concurrency_limit=item.get("concurrency_limit", lambda v: norm.optional_int(v, 0)),
        status=item.get("status", lambda v: norm.status("work_pools", v)),
        storage_configuration=item.get("storage_configuration", norm.storage_configuration),
        created=created,
        updated=updated,
    )


def _default_queue(b: BatchBuilder, pool_id: str, queues: list[WorkQueue]) -> str:
    # Prefect's responses need a default queue and Prefect creates one named
    # "default" with every pool: use that, else the first by priority, else create it.
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


def build_deployments(b: BatchBuilder, dataset: Mapping[str, Any]) -> None:
    """Validate every deployment, deriving its queue name and concurrency limit object."""
    for dep_id, item in b.items(dataset, "deployments"):
        name = item.required_str("name") if item.raw.get("name") != "" else ""
        for blocked in ("storage_document_id", "infrastructure_document_id"):
            if item.raw.get(blocked) is not None:
                raise DatasetError(f"{item.where}.{blocked}", "block documents are not supported")
        if item.raw.get("schedules"):
            raise DatasetError(f"{item.where}.schedules", "deployment schedules are not supported")
        flow_id = b.ref(item, "flow_id", "flows", "flow", required=True)
        b.claim_unique("deployments", (flow_id, name), dep_id, item.index)
        queue_id = b.ref(item, "work_queue_id", "work_queues", "work queue")
        queue_name = item.get("work_queue_name", norm.optional_str)
        if queue_name is None and queue_id is not None:
            queue_name = b.lookup("work_queues", queue_id).name
        created, updated = b.stamps(item)
        limit = item.get("concurrency_limit", lambda v: norm.optional_int(v, 0))
        # Prefect still accepts the old name infra_overrides for job_variables
        raw_variables = item.raw.get("job_variables")
        field = "job_variables" if raw_variables is not None else "infra_overrides"
        job_variables = item.get(field, norm.json_object)
        b.new["deployments"][dep_id] = Deployment(
            id=dep_id,
            seq=b.seq_for("deployments", dep_id),
            name=name,
            flow_id=flow_id,
            work_queue_id=queue_id,  # type: ignore[arg-type]
            work_queue_name=queue_name,
            paused=item.get("paused", lambda v: norm.boolean(v, False)),
            tags=item.get("tags", norm.tags),
            labels=item.get("labels", norm.labels),
            version=item.get("version", norm.optional_str),
            description=item.get("description", norm.optional_str),
            parameters=item.get("parameters", norm.json_object),
            job_variables=job_variables,
            path=item.get("path", norm.optional_str),
            entrypoint=item.get("entrypoint", norm.optional_str),
            pull_steps=item.get("pull_steps", norm.optional_object_list),
            parameter_openapi_schema=item.get("parameter_openapi_schema", norm.optional_json_object),
            enforce_parameter_schema=item.get("enforce_parameter_schema", lambda v: norm.boolean(v, True)),
            global_concurrency_limit=None if limit is None else _deployment_limit(dep_id, limit, created, updated),
            concurrency_options=item.get("concurrency_options", norm.concurrency_options),
            status=item.get("status", lambda v: norm.status("deployments", v)),
            last_polled=item.time("last_polled"),
            created_by=item.get("created_by", norm.created_by),
            updated_by=item.get("updated_by", norm.created_by),
            schedules=[],
            created=created,
            updated=updated,
        )


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
