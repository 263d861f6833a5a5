"""Flow runs and task runs: states with Prefect's defaults, keys, references."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .. import normalize as norm
from ..errors import DatasetError
from ..records import FlowRun, RunState, TaskRun
from .batch import BatchBuilder, Item, count, default_state_name, duration_us, random_slug

_STATE_TYPES = (
    "SCHEDULED",
    "PENDING",
    "RUNNING",
    "COMPLETED",
    "FAILED",
    "CANCELLED",
    "CRASHED",
    "PAUSED",
    "CANCELLING",
)
_TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED", "CRASHED"})


def run_state(
    b: BatchBuilder, item: Item, run_id: str, created: int
) -> tuple[str | None, str | None, int | None, RunState | None]:
    """(state_type, state_name, state_timestamp, state) of a run, with Prefect's defaults."""
    where = item.where
    state = item.raw.get("state") or {}
    if not isinstance(state, dict):
        raise DatasetError(f"{where}.state", "expected an object")
    state_type = item.raw.get("state_type")
    if state.get("type") is not None:
        if state_type is not None and state["type"] != state_type:
            raise DatasetError(where, f"state_type {state_type!r} != state.type {state['type']!r}")
        state_type = state["type"]
    if state_type is not None and state_type not in _STATE_TYPES:
        raise DatasetError(f"{where}.state_type", f"unknown state type {state_type!r}")
    name = item.raw.get("state_name")
    if state.get("name") is not None:
        if name is not None and state["name"] != name:
            raise DatasetError(where, f"state_name {name!r} != state.name {state['name']!r}")
        name = state["name"]
    if name is not None and not isinstance(name, str):
        raise DatasetError(f"{where}.state_name", f"expected a string, got {name!r}")
    timestamp = item.time("state_timestamp")
    if state_type is None:
        if name is not None:
            raise DatasetError(where, "state_name given without state_type")
        return None, None, timestamp, None
    state_item = Item(state, f"{where}.state")
    given = state_item.time("timestamp")
    if given is not None:
        if timestamp is not None and given != timestamp:
            raise DatasetError(where, "state_timestamp != state.timestamp")
        timestamp = given
    if timestamp is None:  # the moment the run entered its state, as far as the data tell
        end, start = item.time("end_time"), item.time("start_time")
        if state_type in _TERMINAL and end is not None:
            timestamp = end
        elif state_type in ("RUNNING", "CANCELLING") and start is not None:
            timestamp = start
        else:
            timestamp = created
    state_id = item.uuid("state_id") or state_item.uuid("id") or str(uuid.uuid5(uuid.UUID(run_id), "state"))
    details = state_item.get("state_details", norm.state_details)
    message = state_item.get("message", norm.optional_str)
    name = name if name is not None else default_state_name(state_type)
    return state_type, name, timestamp, RunState(state_id, state_type, name, timestamp, message, details)


def build_flow_runs(b: BatchBuilder, dataset: Mapping[str, Any]) -> None:
    for run_id, item in b.items(dataset, "flow_runs"):
        if item.raw.get("infrastructure_document_id") is not None:
            raise DatasetError(f"{item.where}.infrastructure_document_id", "block documents are not supported")
        created, updated = b.stamps(item)
        flow_id = b.ref(item, "flow_id", "flows", "flow", required=True)
        queue_id = b.ref(item, "work_queue_id", "work_queues", "work queue")
        queue_name = item.get("work_queue_name", norm.optional_str)
        if queue_name is None and queue_id is not None:
            queue_name = b.lookup("work_queues", queue_id).name
        state_type, state_name, state_ts, state = run_state(b, item, run_id, created)
        key = item.get("idempotency_key", norm.optional_str)
        if key is not None:
            b.claim_unique(
                "flow_runs", (flow_id, key), run_id, f"{item.where}.idempotency_key", "(flow_id, idempotency_key)"
            )
        name = item.get("name", norm.optional_str) or random_slug(b.rng)
        b.new["flow_runs"][run_id] = FlowRun(
            id=run_id,
            seq=b.seq_for("flow_runs", run_id),
            name=name,
            flow_id=flow_id,  # type: ignore[arg-type]
            deployment_id=item.uuid("deployment_id"),
            work_queue_id=queue_id,
            work_queue_name=queue_name,
            parent_task_run_id=item.uuid("parent_task_run_id"),
            state_type=state_type,
            state_name=state_name,
            state_timestamp=state_ts,
            state=state,
            expected_start_time=item.time("expected_start_time"),
            next_scheduled_start_time=item.time("next_scheduled_start_time"),
            start_time=item.time("start_time"),
            end_time=item.time("end_time"),
            total_run_time=item.get("total_run_time", duration_us),
            run_count=item.get("run_count", count),
            tags=item.get("tags", norm.tags),
            flow_version=item.get("flow_version", norm.optional_str),
            deployment_version=item.get("deployment_version", norm.optional_str),
            idempotency_key=key,
            created_by=item.get("created_by", norm.created_by),
            auto_scheduled=item.get("auto_scheduled", lambda v: norm.boolean(v, False)),
            parameters=item.get("parameters", norm.json_object),
            context=item.get("context", norm.json_object),
            empirical_policy=item.get("empirical_policy", norm.flow_run_policy),
            labels=item.get("labels", norm.labels),
            infrastructure_pid=item.get("infrastructure_pid", norm.optional_str),
            job_variables=item.get("job_variables", norm.json_object),
            created=created,
            updated=updated,
        )


def check_parent_task_runs(b: BatchBuilder) -> None:
    """A subflow's parent task run must exist (checked once task runs are known)."""
    for index, run in enumerate(b.new["flow_runs"].values()):
        parent = run.parent_task_run_id
        if parent is not None and not b.exists("task_runs", parent):
            raise DatasetError(f"flow_runs[{index}].parent_task_run_id", f"no task run with id {parent} in the dataset")


def build_task_runs(b: BatchBuilder, dataset: Mapping[str, Any]) -> None:
    dynamic_counter: dict[tuple, int] = defaultdict(int)
    for run_id, item in b.items(dataset, "task_runs"):
        created, updated = b.stamps(item)
        flow_run_id = b.ref(item, "flow_run_id", "flow_runs", "flow run")
        name = item.get("name", norm.optional_str) or random_slug(b.rng)
        task_key = item.get("task_key", norm.optional_str) or name
        dynamic_key = item.raw.get("dynamic_key")
        if dynamic_key is None:
            dynamic_key = str(dynamic_counter[(flow_run_id, task_key)])
            dynamic_counter[(flow_run_id, task_key)] += 1
        if flow_run_id is not None:
            b.claim_unique(
                "task_runs",
                (flow_run_id, task_key, str(dynamic_key)),
                run_id,
                f"{item.where}.dynamic_key",
                "(flow_run_id, task_key, dynamic_key)",
            )
        state_type, state_name, state_ts, state = run_state(b, item, run_id, created)
        b.new["task_runs"][run_id] = TaskRun(
            id=run_id,
            seq=b.seq_for("task_runs", run_id),
            name=name,
            flow_run_id=flow_run_id,
            task_key=task_key,
            dynamic_key=str(dynamic_key),
            state_type=state_type,
            state_name=state_name,
            state_timestamp=state_ts,
            state=state,
            expected_start_time=item.time("expected_start_time"),
            next_scheduled_start_time=item.time("next_scheduled_start_time"),
            start_time=item.time("start_time"),
            end_time=item.time("end_time"),
            total_run_time=item.get("total_run_time", duration_us),
            run_count=item.get("run_count", count),
            flow_run_run_count=item.get("flow_run_run_count", count),
            tags=item.get("tags", norm.tags),
            cache_key=item.get("cache_key", norm.optional_str),
            cache_expiration=item.time("cache_expiration"),
            task_version=item.get("task_version", norm.optional_str),
            empirical_policy=item.get("empirical_policy", norm.task_run_policy),
            task_inputs=item.get("task_inputs", norm.task_inputs),
            labels=item.get("labels", norm.labels),
            created=created,
            updated=updated,
        )


# -- flows, pools, queues, deployments
