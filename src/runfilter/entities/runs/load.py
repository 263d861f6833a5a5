"""Loading runs: the state a run is in, with Prefect's defaults, and the choice of reader.

Runs are most of any dataset, so their loaders have two readers. Items in
the plain form most datasets use are read by straight-line loops
(:mod:`.plain`, and the ``read_*`` loops in each run kind's ``load``); any
other item (and any item they decline) is read by the general reader, one
pass over the fields it actually has
(:func:`runfilter.loading.columns.present_fields`). The general reader is
the reference: it builds the same records and gives every error its field
path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from ... import codecs
from ...codecs import Codec
from ...errors import DatasetError
from ...loading import columns
from ...loading.batch import BatchBuilder, Item, default_stamps
from ...schema import Kind
from .states import (
    STATE_TYPE,
    PastState,
    StateExtras,
    default_state_name,
    default_state_timestamp,
    state_details,
)

#: Read plain items with the straight-line readers first (tests switch it off to compare both paths).
USE_PLAIN_PATH = True

#: Reads the entry ``kind[index]`` with the general reader (the fast loops' fallback).
General = Callable[[int, Any], None]
#: A kind's fast loop over its run list: ``loop(builder, items, general)``.
PlainLoop = Callable[[BatchBuilder, list[Any], General], None]


def read_all(b: BatchBuilder, raws: list[Any], general: General, read_plain: PlainLoop) -> None:
    """Every entry of `raws`, in order: by the fast loop if enabled, else each by `general`."""
    if USE_PLAIN_PATH:
        read_plain(b, raws, general)
    else:
        for index, raw in enumerate(raws):
            general(index, raw)


#: A run kind's general reader of one item: ``build(builder, kind, run id, item)`` → the record.
Build = Callable[[BatchBuilder, Kind, str, Item], Any]


def load_runs(b: BatchBuilder, kind: Kind, raws: list[Any], build: Build, read_plain: Any) -> None:
    """Load a run kind's items: by its fast loop `read_plain(b, kind, raws, general)` where enabled, each
    item it declines (or every item) by its general reader `build`."""

    def general(index: int, raw: Any) -> None:
        run_id, item = b.checked_item(kind.name, index, raw)
        b.new[kind.name][run_id] = build(b, kind, run_id, item)

    read_all(b, raws, general, lambda b, raws, general: read_plain(b, kind, raws, general))


_READERS: dict[Kind, dict[str, Any]] = {}


def present_run_fields(b: BatchBuilder, kind: Kind, item: Item) -> dict[str, Any]:
    """The general reader's values of a run item: its non-null columns converted (plus ``state_id``), and
    ``created``/``updated`` with their defaults."""
    readers = _READERS.get(kind)
    if readers is None:  # the run kind's columns, plus state_id (read with the state)
        readers = _READERS[kind] = columns.converters({**kind.readers, "state_id": codecs.ID})
    v = columns.present_fields(item, readers, b.times)
    v["created"], v["updated"] = default_stamps(v.get("created"), v.get("updated"), b.now)
    return v


def run_record(kind: Kind, v: dict[str, Any], state: dict[str, Any], **derived: Any) -> Any:
    """The record of a run: its defaults, its item's values `v`, its `state` columns and what the loader `derived`."""
    v.pop("state_id", None)
    return kind.record(**{**kind.defaults, **v, **state, **derived})


#: The fields of a state object (``state``, an entry of ``states``) and their converters.
STATE_OBJECT_FIELDS = columns.converters(
    {
        "type": STATE_TYPE,
        "name": codecs.TEXT,
        "timestamp": codecs.TIME,
        "id": codecs.ID,
        "message": codecs.TEXT,
        "state_details": Codec("state details", state_details),
    }
)


def run_state(item: Item, v: dict[str, Any], created: int) -> dict[str, Any]:
    """A run's ``state_type``, ``state_name``, ``state_timestamp`` and ``state_extras``, with Prefect's defaults,
    for an item without a ``states`` history (:func:`runfilter.entities.runs.state_history.run_states` reads
    both forms)."""
    return current_state(item, v, read_state_object(item), created)


def read_state_object(item: Item) -> dict[str, Any]:
    """The converted non-null fields of an item's ``state`` object (empty without one)."""
    state = item.raw.get("state") or {}
    if not state:
        return {}
    if not isinstance(state, dict):
        raise DatasetError(f"{item.where}.state", "expected an object")
    return columns.present_fields(Item(state, f"{item.where}.state"), STATE_OBJECT_FIELDS, {})


def current_state(
    item: Item, v: dict[str, Any], sv: dict[str, Any], created: int, earlier: tuple[PastState, ...] = ()
) -> dict[str, Any]:
    """The state columns of a run whose current state the item's columns `v` and state object `sv` describe.

    The state may be given as ``state_type``/``state_name``/``state_timestamp``
    and/or a ``state`` object; where both are given they must agree. `earlier`
    are the states before it (kept in the run's :class:`StateExtras`).
    """
    where = item.where
    state_type, name, timestamp = v.get("state_type"), v.get("state_name"), v.get("state_timestamp")
    state_id = v.get("state_id")
    details = message = None
    if sv:
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
    # no explicit id: derived as uuid5(run id, "state") when needed (runfilter.entities.runs.states.state_id)
    extras = (
        None
        if state_id is None and message is None and details is None and not earlier
        else StateExtras(state_id, message, details, earlier)
    )
    name = sys.intern(name)
    return {"state_type": state_type, "state_name": name, "state_timestamp": timestamp, "state_extras": extras}
