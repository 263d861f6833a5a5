"""Loading a run's state history: ``flow_runs[i].states`` / ``task_runs[i].states`` (docs/semantics.md#state-history).

A history lists the states a run went through, oldest first; the last entry
is the run's current state, which the item's ``state_type``,
``state_name``, ``state_timestamp``, ``state_id`` and ``state`` object may
describe too (they must agree with it and fill what it leaves out). Each
entry becomes a state row, as Prefect holds one per transition; the run
columns Prefect's orchestration derives from the transitions
(:func:`replay_transitions`) are derived here when the item does not give
them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from ... import codecs
from ...errors import DatasetError
from ...loading import columns
from ...loading.batch import Item
from ...timeutil import format_ts
from .load import STATE_OBJECT_FIELDS, current_state, read_state_object
from .states import TERMINAL_STATE_TYPES, PastState, default_state_name, default_state_timestamp

#: The keys a state object of a history may have (Prefect's ``State`` fields a dataset can set).
STATE_ENTRY_FIELDS = frozenset({"id", "type", "name", "timestamp", "message", "state_details", "data"})
#: Run columns derived from a history when the item does not give them (present, even as null: given).
DERIVED_RUN_COLUMNS = (
    "expected_start_time",
    "next_scheduled_start_time",
    "start_time",
    "end_time",
    "total_run_time",
    "run_count",
)
#: The run-level fields that also describe the current state, with the state field each one is.
_RUN_STATE_FIELDS = (("state_type", "type"), ("state_name", "name"), ("state_timestamp", "timestamp"))


@dataclass(frozen=True, slots=True)
class Transition:
    """What the replay of a history needs of one state: its type, when it was entered, and its scheduled time."""

    type: str
    timestamp: int
    scheduled_time: int | None


def run_states(item: Item, v: dict[str, Any], created: int, run_id: str) -> dict[str, Any]:
    """A run item's state columns: from its ``states`` history when it has one, else from its current state."""
    if item.raw.get("states") is not None:
        return run_history(item, v, created, run_id)
    return current_state(item, v, read_state_object(item), created)


def run_history(item: Item, v: dict[str, Any], created: int, run_id: str) -> dict[str, Any]:
    """The state columns of a run item with ``states`` (see the module), plus the derived run columns it lacks."""
    where, history = item.where, item.raw["states"]
    if not isinstance(history, list):
        raise DatasetError(f"{where}.states", "expected a list of state objects")
    if not history:
        if v.get("state_type") is not None or item.raw.get("state") or v.get("state_name") is not None:
            raise DatasetError(f"{where}.states", "empty, but the run has a current state")
        return current_state(item, v, {}, created)
    last = len(history) - 1
    entries = [_read_entry(entry, f"{where}.states[{k}]") for k, entry in enumerate(history)]
    sv = _current_entry(item, v, entries[last], f"{where}.states[{last}]")
    if "type" not in sv and v.get("state_type") is None:
        raise DatasetError(f"{where}.states[{last}].type", "required")
    earlier = tuple(_past_state(entries[j], run_id, j, f"{where}.states[{j}]", v) for j in range(last))
    if last and _type_of(sv, v) == "SCHEDULED":
        sv["state_details"] = _rescheduled(sv, v, created)
    state = current_state(item, v, sv, created, earlier)
    _check_order(earlier, state, where)
    transitions = [Transition(p.type, p.timestamp, _scheduled_time(p.details)) for p in earlier]
    transitions.append(
        Transition(state["state_type"], state["state_timestamp"], _current_scheduled_time(sv, v, last, state))
    )
    derived = replay_transitions(transitions)
    state.update((key, derived[key]) for key in DERIVED_RUN_COLUMNS if key not in item.raw)
    return state


def _read_entry(entry: Any, where: str) -> dict[str, Any]:
    """The converted non-null fields of one history entry; errors name ``states[k]``."""
    if not isinstance(entry, dict):
        raise DatasetError(where, "expected a state object")
    unknown = sorted(set(entry) - STATE_ENTRY_FIELDS)
    if unknown:
        raise DatasetError(where, f"unknown field(s) {unknown}")
    if entry.get("data") is not None:
        raise DatasetError(
            f"{where}.data", "state data is not supported (Prefect keeps results in artifacts); give null"
        )
    return columns.present_fields(Item(entry, where), STATE_OBJECT_FIELDS, {})


def _current_entry(item: Item, v: dict[str, Any], last: dict[str, Any], where: str) -> dict[str, Any]:
    """The current state: the last entry of the history completed by the item's ``state`` object, checked
    against the item's ``state_type``/``state_name``/``state_timestamp``/``state_id``."""
    sv = read_state_object(item)
    for key, value in last.items():
        other = sv.get(key)
        if other is not None and other != value:
            raise DatasetError(f"{where}.{key}", f"{_shown(value)} != state.{key} {_shown(other)}")
        sv[key] = value
    for run_key, key in _RUN_STATE_FIELDS:
        given, value = v.get(run_key), sv.get(key)
        if given is not None and value is not None and given != value:
            raise DatasetError(
                f"{where}.{key}",
                f"{_shown(value)} != {run_key} {_shown(given)} (the last state is the run's current state)",
            )
    if v.get("state_id") is not None and sv.get("id") is not None and v["state_id"] != sv["id"]:
        raise DatasetError(f"{where}.id", f"{sv['id']} != state_id {v['state_id']}")
    return sv


def _shown(value: Any) -> str:
    """A state field's value as errors show it (instants in ISO form)."""
    return format_ts(value) if type(value) is int else repr(value)


def _type_of(sv: dict[str, Any], v: dict[str, Any]) -> str | None:
    return sv.get("type") or v.get("state_type")


def _past_state(entry: dict[str, Any], run_id: str, j: int, where: str, v: dict[str, Any]) -> PastState:
    """An earlier entry (``states[j]``, not the last) with its defaults resolved."""
    state_type, timestamp = entry.get("type"), entry.get("timestamp")
    if state_type is None:
        raise DatasetError(f"{where}.type", "required")
    if timestamp is None:
        raise DatasetError(f"{where}.timestamp", "required (only the last, current state may default its timestamp)")
    details = entry.get("state_details")
    if state_type == "SCHEDULED" and (details or {}).get("scheduled_time") is None:
        # the first state was scheduled for the run's expected start, if the item gives it
        when = v.get("expected_start_time") if j == 0 else None
        details = {**(details or {}), "scheduled_time": format_ts(when if when is not None else timestamp)}
    return PastState(
        id=entry.get("id") or str(uuid.uuid5(uuid.UUID(run_id), f"state-{j}")),
        type=state_type,
        name=entry["name"] if entry.get("name") is not None else default_state_name(state_type),
        timestamp=timestamp,
        message=entry.get("message"),
        details=details,
    )


def _rescheduled(sv: dict[str, Any], v: dict[str, Any], created: int) -> dict[str, Any] | None:
    """The details of a current Scheduled state that follows earlier states (an AwaitingRetry, a Late run
    rescheduled): scheduled for the run's ``next_scheduled_start_time``, else at its own timestamp."""
    details = sv.get("state_details")
    if (details or {}).get("scheduled_time") is not None:
        return details
    when = v.get("next_scheduled_start_time")
    if when is None:
        when = sv.get("timestamp", v.get("state_timestamp"))
    if when is None:
        when = default_state_timestamp("SCHEDULED", v.get("start_time"), v.get("end_time"), created)
    return {**(details or {}), "scheduled_time": format_ts(when)}


def _scheduled_time(details: dict[str, Any] | None) -> int | None:
    when = (details or {}).get("scheduled_time")
    return None if when is None else codecs.TIME.read(when)


def _current_scheduled_time(sv: dict[str, Any], v: dict[str, Any], last: int, state: dict[str, Any]) -> int | None:
    """The scheduled time of the current state, as the response shows it (docs/semantics.md#dataset-defaults)."""
    if state["state_type"] != "SCHEDULED":
        return None
    given = _scheduled_time(sv.get("state_details"))
    if given is not None or last:
        return given
    for when in (v.get("next_scheduled_start_time"), v.get("expected_start_time")):
        if when is not None:
            return when
    return state["state_timestamp"]


def _check_order(earlier: tuple[PastState, ...], state: dict[str, Any], where: str) -> None:
    """Timestamps strictly increase (Prefect's unique (run, timestamp) index) and ids are distinct."""
    rows = [(p.timestamp, p.id) for p in earlier]
    current_id = state["state_extras"].id if state["state_extras"] is not None else None
    rows.append((state["state_timestamp"], current_id))
    seen: set[str] = set()
    for j, (timestamp, state_id) in enumerate(rows):
        if j and timestamp <= rows[j - 1][0]:
            raise DatasetError(
                f"{where}.states[{j}].timestamp",
                f"{format_ts(timestamp)} is not later than states[{j - 1}] (oldest first, distinct timestamps)",
            )
        if state_id is not None and state_id in seen:
            raise DatasetError(f"{where}.states[{j}].id", f"duplicate state id {state_id}")
        if state_id is not None:
            seen.add(state_id)


def replay_transitions(states: list[Transition]) -> dict[str, Any]:
    """The run columns Prefect's global orchestration transforms set when `states` are entered in order.

    Reproduces what ``SetExpectedStartTime``, ``SetNextScheduledStartTime``,
    ``SetStartTime``, ``SetEndTime``, ``IncrementRunTime`` and the run-count
    transforms leave on a run that starts with no state: the expected start
    is the first state's scheduled time (Scheduled) or timestamp; the next
    scheduled start follows the current Scheduled state (cleared on leaving
    one); the start is the first Running timestamp (or the first terminal
    one); the end is when a terminal state was entered (cleared on leaving
    it); run time sums the Running periods; the run count counts Running
    states. Times in µs. Pinned by ``k13_states_derived``.
    """
    expected = next_scheduled = start = end = None
    run_time = run_count = 0
    previous: Transition | None = None
    for state in states:
        if expected is None:
            expected = state.scheduled_time if state.type == "SCHEDULED" else state.timestamp
        if previous is not None and previous.type == "SCHEDULED":
            next_scheduled = None
        if state.type == "SCHEDULED":
            next_scheduled = state.scheduled_time
        if state.type == "RUNNING" and start is None:
            start = state.timestamp
        final = state.type in TERMINAL_STATE_TYPES
        if previous is not None and previous.type in TERMINAL_STATE_TYPES and not final:
            end = None
        if final and end is None:
            start = state.timestamp if start is None else start
            end = state.timestamp
        if previous is not None and previous.type == "RUNNING":
            run_time += state.timestamp - previous.timestamp
        if state.type == "RUNNING":
            run_count += 1
        previous = state
    return {
        "expected_start_time": expected,
        "next_scheduled_start_time": next_scheduled,
        "start_time": start,
        "end_time": end,
        "total_run_time": run_time,
        "run_count": run_count,
    }


__all__ = ["DERIVED_RUN_COLUMNS", "STATE_ENTRY_FIELDS", "Transition", "replay_transitions", "run_history", "run_states"]
