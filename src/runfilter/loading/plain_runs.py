"""The loader's fast path: run items in the plain form most datasets use.

Runs are nearly all of a large dataset, and the general reader
(:func:`runfilter.loading.runs.present_fields`) pays a dispatch per field:
which converter, which error path. The readers here instead convert a *plain*
item in straight-line code, about twice as fast. An item is plain when its
values are null or in their canonical form: canonical UUID text, ISO 8601
strings for times, ``str`` for texts, a list of strings for tags, ``int``
counters, numeric durations, a known state type, a non-empty name; and it has
no ``state`` object, ``state_id`` or ``infrastructure_document_id``.

Each reader either returns the finished record or raises :class:`NotPlain`
(or the ``ValueError``/``TypeError`` of a converter) *before any side
effect*; the caller then reads the item again with the general path, which
builds the same record or raises the error naming the field. So the fast path
never decides an answer on its own, and
``tests/unit/test_loading_fast_path.py`` checks that both paths build equal
records on the same data.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

from .. import normalize as norm
from ..records import FlowRun, TaskRun
from ..timeutil import to_us
from .batch import _CANONICAL_UUID, STATE_TYPES, BatchBuilder, Item, default_state_name, default_state_timestamp

_ONE_US = dt.timedelta(microseconds=1)
_fromisoformat = dt.datetime.fromisoformat
_is_canonical_uuid = _CANONICAL_UUID.fullmatch
_intern = sys.intern

#: What a reader raises for an item it leaves to the general path.
NotPlain = type(
    "NotPlain", (Exception,), {"__doc__": "The item is not in the plain form: read it with the general path."}
)
#: Exceptions after which an item goes to the general path.
FALL_BACK = (NotPlain, ValueError, TypeError, OverflowError)


class PlainReader:
    """Straight-line converters of one batch, with its memo tables.

    ``times`` is the batch's timestamp memo (shared with the general path);
    ``tag_sets`` shares one tuple per distinct tag list, which also saves memory.
    """

    __slots__ = ("creators", "tag_sets", "times")

    def __init__(self, times: dict[str, int]) -> None:
        self.times = times
        self.tag_sets: dict[tuple, tuple[str, ...]] = {}
        self.creators: dict[tuple, dict[str, Any]] = {}

    def time(self, value: Any) -> int | None:
        """Epoch µs of an ISO 8601 string (memoised), None for None."""
        if value is None:
            return None
        parsed = self.times.get(value)
        if parsed is None:
            if type(value) is not str:
                raise NotPlain
            parsed = self.times[value] = to_us(_fromisoformat(value))  # parse_dataset_time's str case
        return parsed

    def created_by(self, value: Any) -> dict[str, Any] | None:
        """``created_by`` normalised once per distinct value and shared (most runs of a deployment carry it)."""
        if value is None:
            return None
        if type(value) is not dict:
            raise NotPlain
        key = tuple(value.items())
        shared = self.creators.get(key)
        if shared is None:
            shared = self.creators[key] = norm.created_by(value)
        return shared

    def tags(self, value: Any) -> tuple[str, ...]:
        """A list of strings as a shared tuple; None = no tags."""
        if value is None:
            return ()
        if type(value) is not list:
            raise NotPlain
        key = tuple(value)
        shared = self.tag_sets.get(key)
        if shared is None:
            if not all(type(tag) is str for tag in key):
                raise NotPlain
            shared = self.tag_sets[key] = key
        return shared


def _text(value: Any) -> str | None:
    """A string (interned: names and keys repeat across runs) or None."""
    if value is None:
        return None
    if type(value) is not str:
        raise NotPlain
    return _intern(value)


def _uuid(value: Any) -> str | None:
    """Canonical UUID text or None."""
    if value is None:
        return None
    if type(value) is not str or not _is_canonical_uuid(value):
        raise NotPlain
    return value


def _counter(value: Any) -> int:
    """An ``int`` counter; None = 0."""
    if value is None:
        return 0
    if type(value) is not int:
        raise NotPlain
    return value


def _seconds(value: Any) -> int:
    """A duration given in seconds, in µs; None = 0."""
    if value is None:
        return 0
    if type(value) is not float and type(value) is not int:
        raise NotPlain
    return dt.timedelta(seconds=value) // _ONE_US


def _optional(convert: Callable[[Any], Any], default: Any) -> Callable[[Any], Any]:
    """`convert` for a value, `default` for None (the general path's converters of the rare JSON fields)."""
    return lambda value: default if value is None else convert(value)


_parameters = _optional(norm.json_object, norm.EMPTY_OBJECT)
_flow_run_policy = _optional(norm.flow_run_policy, norm.FLOW_RUN_POLICY_DEFAULT)
_task_run_policy = _optional(norm.task_run_policy, norm.TASK_RUN_POLICY_DEFAULT)
_task_inputs = _optional(norm.task_inputs, norm.EMPTY_OBJECT)


def _run_columns(raw: dict[str, Any], created: int, r: PlainReader) -> tuple:
    """The columns every run record has, in record order (``state_type`` ... ``run_count``).

    The state gets Prefect's defaults exactly as the general path derives them.
    """
    time = r.time
    start, end = time(raw.get("start_time")), time(raw.get("end_time"))
    state_type, name, timestamp = raw.get("state_type"), _text(raw.get("state_name")), time(raw.get("state_timestamp"))
    if state_type is None:
        if name is not None:
            raise NotPlain  # the general path reports it
    elif state_type not in STATE_TYPES:
        raise NotPlain
    else:
        if timestamp is None:
            timestamp = default_state_timestamp(state_type, start, end, created)
        name = _intern(name if name is not None else default_state_name(state_type))
    return (
        state_type,
        name,
        timestamp,
        None,  # state_extras: plain items have no state object or state id
        time(raw.get("expected_start_time")),
        time(raw.get("next_scheduled_start_time")),
        start,
        end,
        _seconds(raw.get("total_run_time")),
        _counter(raw.get("run_count")),
    )


def _created(raw: dict[str, Any], b: BatchBuilder, r: PlainReader) -> tuple[int, int]:
    """``created`` (default: the batch's now) and ``updated`` (default: created)."""
    created, updated = r.time(raw.get("created")), r.time(raw.get("updated"))
    created = b.now if created is None else created
    return created, created if updated is None else updated


def _name(raw: dict[str, Any]) -> str:
    # an empty or missing name gets a random slug: left to the general path, so the
    # batch's random draws happen in the same order whichever path reads an item
    name = raw.get("name")
    if not name or type(name) is not str:
        raise NotPlain
    return _intern(name)


def plain_flow_run(b: BatchBuilder, run_id: str, item: Item, r: PlainReader) -> FlowRun:
    """The record of a plain flow-run item (see the module docstring), or NotPlain."""
    raw = item.raw
    if "state" in raw or "state_id" in raw or "infrastructure_document_id" in raw:
        raise NotPlain
    get = raw.get
    name = _name(raw)
    flow = b.lookup("flows", _uuid(get("flow_id")) or "")
    queue_id = _uuid(get("work_queue_id"))
    queue = None if queue_id is None else b.lookup("work_queues", queue_id)
    if flow is None or (queue_id is not None and queue is None):
        raise NotPlain  # a missing or dangling reference: the general path names it
    created, updated = _created(raw, b, r)
    queue_name = _text(get("work_queue_name"))
    key = _text(get("idempotency_key"))
    auto_scheduled = get("auto_scheduled")
    if auto_scheduled is not None and type(auto_scheduled) is not bool:
        raise NotPlain
    record = FlowRun(
        run_id,  # id
        0,  # seq: set below, once nothing can fall back any more
        name,  # name
        flow.id,  # flow_id
        _uuid(get("deployment_id")),  # deployment_id
        None if queue is None else queue.id,  # work_queue_id
        queue_name if queue_name is not None or queue is None else queue.name,  # work_queue_name
        _uuid(get("parent_task_run_id")),  # parent_task_run_id
        *_run_columns(raw, created, r),  # state_type ... run_count
        r.tags(get("tags")),  # tags
        _text(get("flow_version")),  # flow_version
        _text(get("deployment_version")),  # deployment_version
        key,  # idempotency_key
        r.created_by(get("created_by")),  # created_by
        bool(auto_scheduled),  # auto_scheduled
        _parameters(get("parameters")),  # parameters
        _parameters(get("context")),  # context
        _flow_run_policy(get("empirical_policy")),  # empirical_policy
        norm.labels(get("labels")),  # labels
        _text(get("infrastructure_pid")),  # infrastructure_pid
        _parameters(get("job_variables")),  # job_variables
        created,  # created
        updated,  # updated
    )
    # side effects, in the general path's order (their errors are the general path's too)
    if key is not None:
        b.claim_unique("flow_runs", (flow.id, key), run_id, item, "idempotency_key", "(flow_id, idempotency_key)")
    record.seq = b.seq_for("flow_runs", run_id)
    return record


def plain_task_run(b: BatchBuilder, run_id: str, item: Item, r: PlainReader) -> TaskRun:
    """The record of a plain task-run item (see the module docstring), or NotPlain."""
    raw = item.raw
    if "state" in raw or "state_id" in raw or "infrastructure_document_id" in raw:
        raise NotPlain
    get, time = raw.get, r.time
    name = _name(raw)
    flow_run_id = _uuid(get("flow_run_id"))
    if flow_run_id is not None:
        flow_run = b.lookup("flow_runs", flow_run_id)
        if flow_run is None:
            raise NotPlain  # dangling: the general path names it
        flow_run_id = flow_run.id
    task_key = _text(get("task_key")) or name
    dynamic_key = _text(get("dynamic_key"))
    created, updated = _created(raw, b, r)
    record = TaskRun(
        run_id,  # id
        0,  # seq: set below, once nothing can fall back any more
        name,  # name
        flow_run_id,  # flow_run_id
        task_key,  # task_key
        "",  # dynamic_key: set below: may come from the batch's counter
        *_run_columns(raw, created, r),  # state_type ... run_count
        _counter(get("flow_run_run_count")),  # flow_run_run_count
        r.tags(get("tags")),  # tags
        _text(get("cache_key")),  # cache_key
        time(get("cache_expiration")),  # cache_expiration
        _text(get("task_version")),  # task_version
        _task_run_policy(get("empirical_policy")),  # empirical_policy
        _task_inputs(get("task_inputs")),  # task_inputs
        norm.labels(get("labels")),  # labels
        created,  # created
        updated,  # updated
    )
    # side effects, in the general path's order (their errors are the general path's too)
    record.dynamic_key = b.claim_task_run_key(item, run_id, flow_run_id, task_key, dynamic_key)
    record.seq = b.seq_for("task_runs", run_id)
    return record
