"""The loader's fast path: run items in the plain form most datasets use (the shared parts).

Runs are nearly all of a large dataset, and the general reader
(:func:`runfilter.loading.columns.present_fields`) pays a dispatch per field:
which converter, which error path. The fast loops (``read_flow_runs`` in
:mod:`runfilter.entities.flow_runs.load`, ``read_task_runs`` in
:mod:`runfilter.entities.task_runs.load`) instead loop over the run list once
and convert each *plain* item in straight-line code, 1.6–1.9× faster. An item is plain
when its values are null or in their canonical form: canonical UUID text,
ISO 8601 strings for times, ``str`` for texts, a list of strings for tags,
``int`` counters, numeric durations, a known state type, a non-empty name;
and it has an id, only known fields, and no ``state`` object, ``states`` history, ``state_id`` or
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

from ... import codecs
from ...codecs import is_canonical_uuid
from ...loading.batch import BatchBuilder, TimeMemo, default_stamps
from ...schema import Kind
from .states import STATE_TYPES, default_state_name, default_state_timestamp

_ONE_US = dt.timedelta(microseconds=1)
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
            shared = self.creators[key] = codecs.created_by(value)
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


def text(value: Any) -> str | None:
    """A string (interned: names and keys repeat across runs) or None."""
    if value is None:
        return None
    if type(value) is not str:
        raise NotPlain
    return _intern(value)


def uuid(value: Any) -> str | None:
    """Canonical UUID text or None."""
    if value is None:
        return None
    if type(value) is not str or not is_canonical_uuid(value):
        raise NotPlain
    return value


def counter(value: Any) -> int:
    """An ``int`` counter; None = 0."""
    if value is None:
        return 0
    if type(value) is not int:
        raise NotPlain
    return value


def seconds(value: Any) -> int:
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


def optional(convert: Callable[[Any], Any], default: Any) -> Callable[[Any], Any]:
    """`convert` for a value, `default` for None (the general path's converters of the rare JSON fields)."""
    return lambda value: default if value is None else convert(value)


#: Item fields only the general reader reads.
_GENERAL_ONLY = frozenset({"state", "states", "state_id", "infrastructure_document_id"})


def run_head(run_id: str, name: str, get: Callable[[str], Any], times: TimeMemo, now: int, r: PlainReader) -> tuple:
    """The leading columns of a plain run item's record, in record order: the shared
    :class:`~runfilter.entities.runs.record.Run` columns ``id`` ... ``updated`` (``seq`` 0 until the item
    is committed; ``labels``, a rare field, read afterwards).

    The state gets Prefect's defaults exactly as the general path derives them.
    """
    created, updated = default_stamps(times[get("created")], times[get("updated")], now)
    start, end = times[get("start_time")], times[get("end_time")]
    state_type, state_name, timestamp = get("state_type"), get("state_name"), times[get("state_timestamp")]
    if state_name is not None and type(state_name) is not str:
        raise NotPlain
    if state_type is None:
        if state_name is not None:
            raise NotPlain  # the general path reports it
    elif state_type not in STATE_TYPES:
        raise NotPlain
    else:
        if timestamp is None:
            timestamp = default_state_timestamp(state_type, start, end, created)
        state_name = _intern(state_name if state_name is not None else default_state_name(state_type))
    run_count = get("run_count")
    if run_count is None:
        run_count = 0
    elif type(run_count) is not int:
        raise NotPlain
    return (
        run_id,  # id
        0,  # seq
        name,  # name
        state_type,  # state_type
        state_name,  # state_name
        timestamp,  # state_timestamp
        None,  # state_extras: plain items have no state object or state id
        times[get("expected_start_time")],  # expected_start_time
        times[get("next_scheduled_start_time")],  # next_scheduled_start_time
        start,  # start_time
        end,  # end_time
        seconds(get("total_run_time")),  # total_run_time
        run_count,  # run_count
        r.tags(get("tags")),  # tags
        None,  # labels
        created,  # created
        updated,  # updated
    )


def id_reader(b: BatchBuilder, kind: Kind) -> Callable[[Any], str]:
    """A function giving the id of a plain entry of `kind` (a dict of plain fields with a new canonical id), or
    raising NotPlain: what :meth:`BatchBuilder.checked_item` checks, for the entries that pass."""
    plain_fields = (kind.item_fields - _GENERAL_ONLY).issuperset
    new, stored, replace = b.new[kind.name], b.store.table(kind.name), b.replace

    def plain_id(raw: Any) -> str:
        if type(raw) is not dict or not plain_fields(raw):
            raise NotPlain
        run_id = raw.get("id")
        if type(run_id) is not str or not is_canonical_uuid(run_id) or run_id in new:
            raise NotPlain
        if not replace and run_id in stored:
            raise NotPlain
        return run_id

    return plain_id


def run_name(get: Callable[[str], Any]) -> str:
    """A plain item's name (interned). An empty or missing name gets a random slug: left to the general
    path, so the batch's random draws happen in the same order whichever path reads an item."""
    name = get("name")
    if not name or type(name) is not str:
        raise NotPlain
    return _intern(name)


#: Reads one plain item into its record: ``read_one(raw, get, run_id, name)``; raises to decline it.
ReadOne = Callable[[dict[str, Any], Callable[[str], Any], str, str], Any]


def read_loop(
    b: BatchBuilder,
    kind: Kind,
    raws: list[Any],
    general: Callable[[int, Any], None],
    read_one: ReadOne,
    commit: Callable[[int, Any], None],
) -> None:
    """Read a run kind's entries in order: each plain one by `read_one`, each other by `general`.

    `read_one` has no side effect: it returns the record or raises (:data:`FALL_BACK`), and the
    entry goes to the general reader. Only then does `commit(index, record)` claim what the record
    claims (unique keys, numbered keys), in the general path's order, and the record gets its
    insertion ordinal.
    """
    plain_id, new = id_reader(b, kind), b.new[kind.name]
    for index, raw in enumerate(raws):
        try:
            run_id = plain_id(raw)
            get = raw.get
            record = read_one(raw, get, run_id, run_name(get))
        except FALL_BACK:
            general(index, raw)
            continue
        commit(index, record)
        record.seq = b.seq_for(kind.name, run_id)
        new[run_id] = record
