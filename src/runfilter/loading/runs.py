"""Flow runs and task runs: states with Prefect's defaults, keys, references.

Runs are most of any dataset, so this is the loader's hot path. Items in the
plain form most datasets use are read by the straight-line readers of
:mod:`.plain_runs`; any other item (and any item they decline) is read here
in one pass over the fields it actually has (:func:`present_fields`), each
field through one converter, absent fields taking shared defaults. This
general path is the reference: it builds the same records and gives every
error its field path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

from .. import normalize as norm
from ..errors import DatasetError
from ..records import FlowRun, StateExtras, TaskRun
from ..timeutil import parse_dataset_time
from .batch import (
    STATE_TYPES,
    BatchBuilder,
    Item,
    count,
    default_stamps,
    default_state_name,
    default_state_timestamp,
    duration_us,
    random_slug,
    uuid_text,
)
from .plain_runs import General, read_flow_runs, read_task_runs

PlainLoop = Callable[[BatchBuilder, list[Any], General], None]


def _state_type(value: Any) -> str:
    if value not in STATE_TYPES:
        raise ValueError(f"unknown state type {value!r}")
    return value


def _flag(value: Any) -> bool:
    return norm.boolean(value, False)


_RUN_FIELDS: dict[str, Callable[[Any], Any]] = {
    "name": norm.optional_str,
    "tags": norm.tags,
    "labels": norm.labels,
    "state_type": _state_type,
    "state_name": norm.optional_str,
    "state_timestamp": parse_dataset_time,
    "state_id": uuid_text,
    "expected_start_time": parse_dataset_time,
    "next_scheduled_start_time": parse_dataset_time,
    "start_time": parse_dataset_time,
    "end_time": parse_dataset_time,
    "total_run_time": duration_us,
    "run_count": count,
    "created": parse_dataset_time,
    "updated": parse_dataset_time,
}
_FLOW_RUN_FIELDS: dict[str, Any] = {
    **_RUN_FIELDS,
    "flow_id": uuid_text,
    "deployment_id": uuid_text,
    "work_queue_id": uuid_text,
    "parent_task_run_id": uuid_text,
    "work_queue_name": norm.optional_str,
    "flow_version": norm.optional_str,
    "deployment_version": norm.optional_str,
    "idempotency_key": norm.optional_str,
    "created_by": norm.created_by,
    "auto_scheduled": _flag,
    "parameters": norm.json_object,
    "context": norm.json_object,
    "empirical_policy": norm.flow_run_policy,
    "infrastructure_pid": norm.optional_str,
    "job_variables": norm.json_object,
}
_TASK_RUN_FIELDS: dict[str, Any] = {
    **_RUN_FIELDS,
    "flow_run_id": uuid_text,
    "task_key": norm.optional_str,
    "dynamic_key": norm.optional_str,
    "cache_key": norm.optional_str,
    "cache_expiration": parse_dataset_time,
    "task_version": norm.optional_str,
    "flow_run_run_count": count,
    "empirical_policy": norm.task_run_policy,
    "task_inputs": norm.task_inputs,
}


_TIME, _TEXT, _ID = "time", "text", "id"

#: Read plain items with the straight-line readers of :mod:`.plain_runs` first
#: (tests switch it off to compare both paths).
USE_PLAIN_PATH = True


def _kind(convert: Callable[[Any], Any]) -> Any:
    # the three commonest conversions are inlined in present_fields (they are most of the loader's time)
    return {parse_dataset_time: _TIME, norm.optional_str: _TEXT, uuid_text: _ID}.get(convert, convert)


def present_fields(item: Item, converters: Mapping[str, Any], times: dict[str, int]) -> dict[str, Any]:
    """Converted values of the item's non-null fields that have a converter; errors name the field.

    `converters` maps a field to its converter or to one of the inlined kinds
    (see :func:`_kind`). `times` memoises timestamp strings: a run's
    ``created``, ``updated`` and expected start are often the same string.
    """
    out = {}
    for key, value in item.raw.items():
        if value is None:
            continue
        convert = converters.get(key)
        if convert is None:
            continue
        try:
            if convert is _TIME:
                parsed = times.get(value) if type(value) is str else None
                if parsed is None:
                    parsed = parse_dataset_time(value)
                    if type(value) is str:
                        times[value] = parsed
                out[key] = parsed
            elif convert is _TEXT:
                # interned: names, task keys, versions repeat across thousands of runs
                out[key] = sys.intern(value) if type(value) is str else norm.optional_str(value)
            elif convert is _ID:
                out[key] = uuid_text(value)
            else:
                out[key] = convert(value)
        except ValueError as exc:
            raise DatasetError(f"{item.where}.{key}", str(exc)) from None
    return out


def run_state(item: Item, v: dict[str, Any], created: int) -> dict[str, Any]:
    """A run's ``state_type``, ``state_name``, ``state_timestamp`` and ``state_extras``, with Prefect's defaults.

    The state may be given as ``state_type``/``state_name``/``state_timestamp``
    and/or a ``state`` object; where both are given they must agree.
    """
    where = item.where
    state_type, name, timestamp = v.get("state_type"), v.get("state_name"), v.get("state_timestamp")
    state = item.raw.get("state") or {}
    state_id = v.get("state_id")
    details = message = None
    if state:
        if not isinstance(state, dict):
            raise DatasetError(f"{item.where}.state", "expected an object")
        sv = present_fields(Item(state, f"{where}.state"), _STATE_OBJECT_FIELDS, {})
        for field, given in (("type", state_type), ("name", name), ("timestamp", timestamp)):
            if field in sv:
                if given is not None and sv[field] != given:
                    raise DatasetError(where, f"state_{field} {given!r} != state.{field} {sv[field]!r}")
        state_type, name = sv.get("type", state_type), sv.get("name", name)
        timestamp = sv.get("timestamp", timestamp)
        state_id = state_id or sv.get("id")
        details, message = sv.get("state_details"), sv.get("message")
    if state_type is None:
        if name is not None:
            raise DatasetError(where, "state_name given without state_type")
        return {"state_type": None, "state_name": None, "state_timestamp": timestamp, "state_extras": None}
    if timestamp is None:
        timestamp = default_state_timestamp(state_type, v.get("start_time"), v.get("end_time"), created)
    name = name if name is not None else default_state_name(state_type)
    # no explicit id: derived as uuid5(run id, "state") when needed (runfilter.records.state_id)
    extras = (
        None if state_id is None and message is None and details is None else StateExtras(state_id, message, details)
    )
    name = sys.intern(name)
    return {"state_type": state_type, "state_name": name, "state_timestamp": timestamp, "state_extras": extras}


_STATE_OBJECT_FIELDS: dict[str, Callable[[Any], Any]] = {
    "type": _state_type,
    "name": norm.optional_str,
    "timestamp": parse_dataset_time,
    "id": uuid_text,
    "message": norm.optional_str,
    "state_details": norm.state_details,
}


for _table in (_FLOW_RUN_FIELDS, _TASK_RUN_FIELDS, _STATE_OBJECT_FIELDS):
    _table.update({field: _kind(convert) for field, convert in _table.items()})


# Values of fields a dataset item leaves out (everything else defaults to None).
_RUN_DEFAULTS = {
    field: None for field in ("labels", "expected_start_time", "next_scheduled_start_time", "start_time", "end_time")
}
_RUN_DEFAULTS.update(total_run_time=0, run_count=0, tags=())
_FLOW_RUN_DEFAULTS = {
    **_RUN_DEFAULTS,
    "deployment_id": None,
    "work_queue_id": None,
    "parent_task_run_id": None,
    "flow_version": None,
    "deployment_version": None,
    "idempotency_key": None,
    "created_by": None,
    "auto_scheduled": False,
    "parameters": norm.EMPTY_OBJECT,
    "context": norm.EMPTY_OBJECT,
    "empirical_policy": norm.FLOW_RUN_POLICY_DEFAULT,
    "infrastructure_pid": None,
    "job_variables": norm.EMPTY_OBJECT,
}
_TASK_RUN_DEFAULTS = {
    **_RUN_DEFAULTS,
    "flow_run_id": None,
    "flow_run_run_count": 0,
    "cache_key": None,
    "cache_expiration": None,
    "task_version": None,
    "empirical_policy": norm.TASK_RUN_POLICY_DEFAULT,
    "task_inputs": norm.EMPTY_OBJECT,
}


def _read(b: BatchBuilder, raws: list[Any], general: General, read_plain: PlainLoop) -> None:
    """Every entry of `raws`, in order: by the fast path's loop if enabled, else each by `general`."""
    if USE_PLAIN_PATH:
        read_plain(b, raws, general)
    else:
        for index, raw in enumerate(raws):
            general(index, raw)


def build_flow_runs(b: BatchBuilder, dataset: Mapping[str, Any]) -> None:
    """Validate every flow run of `dataset` into ``b.new["flow_runs"]``."""

    def general(index: int, raw: Any) -> None:
        run_id, item = b.checked_item("flow_runs", index, raw)
        b.new["flow_runs"][run_id] = _general_flow_run(b, run_id, item)

    _read(b, dataset.get("flow_runs") or [], general, read_flow_runs)


def _general_flow_run(b: BatchBuilder, run_id: str, item: Item) -> FlowRun:
    if item.raw.get("infrastructure_document_id") is not None:
        raise DatasetError(f"{item.where}.infrastructure_document_id", "block documents are not supported")
    v = present_fields(item, _FLOW_RUN_FIELDS, b.times)
    created, updated = default_stamps(v.get("created"), v.get("updated"), b.now)
    flow_id = b.check_ref(item, "flow_id", v.get("flow_id"), "flows", "flow", required=True)
    queue_id = b.check_ref(item, "work_queue_id", v.get("work_queue_id"), "work_queues", "work queue")
    queue_name = v.get("work_queue_name")
    if queue_name is None and queue_id is not None:
        queue_name = b.lookup("work_queues", queue_id).name
    state = run_state(item, v, created)
    key = v.get("idempotency_key")
    if key is not None:
        b.claim_unique("flow_runs", (flow_id, key), run_id, item.index)
    v.pop("state_id", None)
    return FlowRun(
        **{
            **_FLOW_RUN_DEFAULTS,
            **v,
            "id": run_id,
            "seq": b.seq_for("flow_runs", run_id),
            "name": v.get("name") or random_slug(b.rng),
            "flow_id": flow_id,
            "work_queue_name": queue_name,
            **state,
            "created": created,
            "updated": updated,
        }
    )


def check_parent_task_runs(b: BatchBuilder) -> None:
    """A subflow's parent task run must exist (checked once task runs are known)."""
    for index, run in enumerate(b.new["flow_runs"].values()):
        parent = run.parent_task_run_id
        if parent is not None and not b.exists("task_runs", parent):
            where = f"flow_runs[{index}].parent_task_run_id"
            raise DatasetError(where, f"no task run with id {parent} in the dataset")


def build_task_runs(b: BatchBuilder, dataset: Mapping[str, Any]) -> None:
    """Validate every task run of `dataset` into ``b.new["task_runs"]``, deriving task keys."""

    def general(index: int, raw: Any) -> None:
        run_id, item = b.checked_item("task_runs", index, raw)
        b.new["task_runs"][run_id] = _general_task_run(b, run_id, item)

    _read(b, dataset.get("task_runs") or [], general, read_task_runs)


def _general_task_run(b: BatchBuilder, run_id: str, item: Item) -> TaskRun:
    v = present_fields(item, _TASK_RUN_FIELDS, b.times)
    created, updated = default_stamps(v.get("created"), v.get("updated"), b.now)
    flow_run_id = b.check_ref(item, "flow_run_id", v.get("flow_run_id"), "flow_runs", "flow run")
    name = v.get("name") or random_slug(b.rng)
    task_key = v.get("task_key") or name
    dynamic_key = b.claim_task_run_key(item.index, run_id, flow_run_id, task_key, v.get("dynamic_key"))
    state = run_state(item, v, created)
    v.pop("state_id", None)
    return TaskRun(
        **{
            **_TASK_RUN_DEFAULTS,
            **v,
            "id": run_id,
            "seq": b.seq_for("task_runs", run_id),
            "name": name,
            "task_key": task_key,
            "dynamic_key": dynamic_key,
            **state,
            "created": created,
            "updated": updated,
        }
    )
