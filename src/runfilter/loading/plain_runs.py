"""The loader's fast path: run items in the plain form most datasets use.

Runs are nearly all of a large dataset, and the general reader
(:func:`runfilter.loading.runs.present_fields`) pays a dispatch per field:
which converter, which error path. :func:`read_flow_runs` and
:func:`read_task_runs` instead loop over the run list once and convert each
*plain* item in straight-line code, 1.6–1.9× faster. An item is plain
when its values are null or in their canonical form: canonical UUID text,
ISO 8601 strings for times, ``str`` for texts, a list of strings for tags,
``int`` counters, numeric durations, a known state type, a non-empty name;
and it has an id, only known fields, and no ``state`` object, ``state_id`` or
``infrastructure_document_id``.

Each item either becomes its finished record or, *before any side effect*,
raises :class:`NotPlain` (or the ``ValueError``/``TypeError`` of a
converter); the loop then hands it to the general path, which builds the same
record or raises the error naming the field. So the fast path never decides
an answer on its own, and ``tests/unit/test_loading_fast_path.py`` checks
that both paths build equal records on the same data.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

from .. import normalize as norm
from ..records import FlowRun, TaskRun
from .batch import (
    _CANONICAL_UUID,
    ITEM_FIELDS,
    STATE_TYPES,
    BatchBuilder,
    TimeMemo,
    default_stamps,
    default_state_name,
    default_state_timestamp,
)

_ONE_US = dt.timedelta(microseconds=1)
_is_canonical_uuid = _CANONICAL_UUID.fullmatch
_intern = sys.intern

#: What a reader raises for an item it leaves to the general path.
NotPlain = type(
    "NotPlain", (Exception,), {"__doc__": "The item is not in the plain form: read it with the general path."}
)
#: Exceptions after which an item goes to the general path.
FALL_BACK = (NotPlain, ValueError, TypeError, OverflowError)


class PlainReader:
    """Straight-line converters of one batch's shared values, with their memo tables.

    ``tag_sets`` shares one tuple per distinct tag list, ``creators`` one
    ``created_by`` object per distinct value, which also saves memory.
    """

    __slots__ = ("creators", "tag_sets")

    def __init__(self) -> None:
        self.tag_sets: dict[tuple, tuple[str, ...]] = {}
        self.creators: dict[tuple, dict[str, Any]] = {}

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
    """A duration given in seconds, in µs (exactly ``timedelta(seconds=value) // 1 µs``); None = 0."""
    if value is None:
        return 0
    if type(value) is float and 0.0 <= value < 1e9:
        return seconds_to_us(value)
    if type(value) is not float and type(value) is not int:
        raise NotPlain
    return dt.timedelta(seconds=value) // _ONE_US


def seconds_to_us(seconds: float) -> int:
    """``timedelta(seconds=seconds) // 1 µs`` for a finite float ≥ 0, without building the timedelta.

    timedelta keeps the whole seconds exactly, scales the fraction by 1e6 in
    one float multiplication and rounds that half to even; this does the same
    arithmetic (``tests/property/test_seconds_to_us.py`` checks it against
    timedelta), in a third of the time.
    """
    whole = int(seconds)
    return whole * 1_000_000 + round((seconds - whole) * 1e6)


def _optional(convert: Callable[[Any], Any], default: Any) -> Callable[[Any], Any]:
    """`convert` for a value, `default` for None (the general path's converters of the rare JSON fields)."""
    return lambda value: default if value is None else convert(value)


_parameters = _optional(norm.json_object, norm.EMPTY_OBJECT)
_flow_run_policy = _optional(norm.flow_run_policy, norm.FLOW_RUN_POLICY_DEFAULT)
_task_run_policy = _optional(norm.task_run_policy, norm.TASK_RUN_POLICY_DEFAULT)
_task_inputs = _optional(norm.task_inputs, norm.EMPTY_OBJECT)


def _run_columns(get: Callable[[str], Any], created: int, times: TimeMemo) -> tuple:
    """The columns every run record has, in record order (``state_type`` ... ``run_count``).

    The state gets Prefect's defaults exactly as the general path derives them.
    """
    start, end = times[get("start_time")], times[get("end_time")]
    state_type, name, timestamp = get("state_type"), get("state_name"), times[get("state_timestamp")]
    if name is not None and type(name) is not str:
        raise NotPlain
    if state_type is None:
        if name is not None:
            raise NotPlain  # the general path reports it
    elif state_type not in STATE_TYPES:
        raise NotPlain
    else:
        if timestamp is None:
            timestamp = default_state_timestamp(state_type, start, end, created)
        name = _intern(name if name is not None else default_state_name(state_type))
    run_count = get("run_count")
    if run_count is None:
        run_count = 0
    elif type(run_count) is not int:
        raise NotPlain
    return (
        state_type,
        name,
        timestamp,
        None,  # state_extras: plain items have no state object or state id
        times[get("expected_start_time")],
        times[get("next_scheduled_start_time")],
        start,
        end,
        _seconds(get("total_run_time")),
        run_count,
    )


#: Reads the entry ``kind[index]`` with the general path (the callers' fallback).
General = Callable[[int, Any], None]

#: Fields a plain run item may carry: the known ones, less those only the general path reads.
_PLAIN_FIELDS = {
    kind: ITEM_FIELDS[kind] - {"state", "state_id", "infrastructure_document_id"} for kind in ("flow_runs", "task_runs")
}
#: Fields few datasets give: records start from their defaults, and an item that has
#: any of them gets them read afterwards (one set test instead of a read per field).
_RARE_FIELDS = {
    "flow_runs": frozenset(
        {"deployment_version", "parameters", "context", "empirical_policy", "labels", "infrastructure_pid"}
        | {"job_variables"}
    ),
    "task_runs": frozenset(
        {"flow_run_run_count", "cache_key", "cache_expiration", "task_version", "empirical_policy", "task_inputs"}
        | {"labels"}
    ),
}


def _id_reader(b: BatchBuilder, kind: str) -> Callable[[Any], str]:
    """A function giving the id of a plain entry of `kind` (a dict of plain fields with a new canonical id), or
    raising NotPlain: what :meth:`BatchBuilder.checked_item` checks, for the entries that pass."""
    plain_fields, new, stored, replace = _PLAIN_FIELDS[kind].issuperset, b.new[kind], b.store.table(kind), b.replace

    def plain_id(raw: Any) -> str:
        if type(raw) is not dict or not plain_fields(raw):
            raise NotPlain
        run_id = raw.get("id")
        if type(run_id) is not str or not _is_canonical_uuid(run_id) or run_id in new:
            raise NotPlain
        if not replace and run_id in stored:
            raise NotPlain
        return run_id

    return plain_id


def _name(get: Callable[[str], Any]) -> str:
    # an empty or missing name gets a random slug: left to the general path, so the
    # batch's random draws happen in the same order whichever path reads an item
    name = get("name")
    if not name or type(name) is not str:
        raise NotPlain
    return _intern(name)


def read_flow_runs(b: BatchBuilder, raws: list[Any], general: General) -> None:
    """Build every flow-run entry of `raws` into ``b.new["flow_runs"]``, in order; `general` reads the non-plain."""
    r, times, now, rare = PlainReader(), b.times, b.now, _RARE_FIELDS["flow_runs"]
    plain_id, new = _id_reader(b, "flow_runs"), b.new["flow_runs"]
    flows, queues = b.new["flows"], b.new["work_queues"]
    stored_flows, stored_queues = b.store.table("flows"), b.store.table("work_queues")
    for index, raw in enumerate(raws):
        try:
            run_id = plain_id(raw)
            get = raw.get
            name = _name(get)
            # a reference found among the records is canonical: no UUID check needed
            flow_id = get("flow_id")
            flow = flows.get(flow_id) or stored_flows.get(flow_id)
            queue_id = get("work_queue_id")
            queue = None if queue_id is None else queues.get(queue_id) or stored_queues.get(queue_id)
            if flow is None or (queue_id is not None and queue is None):
                raise NotPlain  # a missing or dangling reference: the general path names it
            queue_name, key = _text(get("work_queue_name")), _text(get("idempotency_key"))
            auto_scheduled = get("auto_scheduled")
            if auto_scheduled is not None and type(auto_scheduled) is not bool:
                raise NotPlain
            created, updated = default_stamps(times[get("created")], times[get("updated")], now)
            record = FlowRun(
                run_id,  # id
                0,  # seq: set below, once nothing can fall back any more
                name,  # name
                flow.id,  # flow_id
                _uuid(get("deployment_id")),  # deployment_id
                None if queue is None else queue.id,  # work_queue_id
                queue_name if queue_name is not None or queue is None else queue.name,  # work_queue_name
                _uuid(get("parent_task_run_id")),  # parent_task_run_id
                *_run_columns(get, created, times),  # state_type ... run_count
                r.tags(get("tags")),  # tags
                _text(get("flow_version")),  # flow_version
                None,  # deployment_version: a rare field
                key,  # idempotency_key
                r.created_by(get("created_by")),  # created_by
                bool(auto_scheduled),  # auto_scheduled
                norm.EMPTY_OBJECT,  # parameters: a rare field
                norm.EMPTY_OBJECT,  # context: a rare field
                norm.FLOW_RUN_POLICY_DEFAULT,  # empirical_policy: a rare field
                None,  # labels: a rare field
                None,  # infrastructure_pid: a rare field
                norm.EMPTY_OBJECT,  # job_variables: a rare field
                created,  # created
                updated,  # updated
            )
            if not rare.isdisjoint(raw):
                record.deployment_version = _text(get("deployment_version"))
                record.parameters = _parameters(get("parameters"))
                record.context = _parameters(get("context"))
                record.empirical_policy = _flow_run_policy(get("empirical_policy"))
                record.labels = norm.labels(get("labels"))
                record.infrastructure_pid = _text(get("infrastructure_pid"))
                record.job_variables = _parameters(get("job_variables"))
        except FALL_BACK:
            general(index, raw)
            continue
        # side effects, in the general path's order (their errors are the general path's too)
        if key is not None:
            b.claim_unique("flow_runs", (flow.id, key), run_id, index)
        record.seq = b.seq_for("flow_runs", run_id)
        new[run_id] = record


def read_task_runs(b: BatchBuilder, raws: list[Any], general: General) -> None:
    """Build every task-run entry of `raws` into ``b.new["task_runs"]``, in order; `general` reads the non-plain."""
    r, times, now, rare = PlainReader(), b.times, b.now, _RARE_FIELDS["task_runs"]
    plain_id, new = _id_reader(b, "task_runs"), b.new["task_runs"]
    flow_runs, stored_flow_runs = b.new["flow_runs"], b.store.table("flow_runs")
    for index, raw in enumerate(raws):
        try:
            run_id = plain_id(raw)
            get = raw.get
            name = _name(get)
            flow_run_id = get("flow_run_id")
            if flow_run_id is not None:
                # a reference found among the records is canonical: no UUID check needed
                flow_run = flow_runs.get(flow_run_id) or stored_flow_runs.get(flow_run_id)
                if flow_run is None:
                    raise NotPlain  # dangling: the general path names it
                flow_run_id = flow_run.id
            task_key, dynamic_key = get("task_key"), get("dynamic_key")
            if task_key is None:
                task_key = name
            elif type(task_key) is not str:
                raise NotPlain
            else:
                task_key = _intern(task_key) or name
            if dynamic_key is not None:
                if type(dynamic_key) is not str:
                    raise NotPlain
                dynamic_key = _intern(dynamic_key)
            created, updated = default_stamps(times[get("created")], times[get("updated")], now)
            record = TaskRun(
                run_id,  # id
                0,  # seq: set below, once nothing can fall back any more
                name,  # name
                flow_run_id,  # flow_run_id
                task_key,  # task_key
                "",  # dynamic_key: set below: may come from the batch's counter
                *_run_columns(get, created, times),  # state_type ... run_count
                0,  # flow_run_run_count: a rare field
                r.tags(get("tags")),  # tags
                None,  # cache_key: a rare field
                None,  # cache_expiration: a rare field
                None,  # task_version: a rare field
                norm.TASK_RUN_POLICY_DEFAULT,  # empirical_policy: a rare field
                norm.EMPTY_OBJECT,  # task_inputs: a rare field
                None,  # labels: a rare field
                created,  # created
                updated,  # updated
            )
            if not rare.isdisjoint(raw):
                record.flow_run_run_count = _counter(get("flow_run_run_count"))
                record.cache_key = _text(get("cache_key"))
                record.cache_expiration = times[get("cache_expiration")]
                record.task_version = _text(get("task_version"))
                record.empirical_policy = _task_run_policy(get("empirical_policy"))
                record.task_inputs = _task_inputs(get("task_inputs"))
                record.labels = norm.labels(get("labels"))
        except FALL_BACK:
            general(index, raw)
            continue
        # side effects, in the general path's order (their errors are the general path's too)
        record.dynamic_key = b.claim_task_run_key(index, run_id, flow_run_id, task_key, dynamic_key)
        record.seq = b.seq_for("task_runs", run_id)
        new[run_id] = record
