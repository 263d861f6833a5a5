"""What the flow-run and task-run strategies share: states and times consistent the way Prefect keeps them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import GRID_START, instants, iso, maybe
from .states import TERMINAL_STATE_TYPES

#: Names runs of each state type get (Prefect's defaults and custom ones, case variants for ties).
STATE_NAMES: dict[str, tuple[str, ...]] = {
    "SCHEDULED": ("Scheduled", "Late", "AwaitingRetry", "AwaitingConcurrencySlot", "late"),
    "PENDING": ("Pending", "Submitting"),
    "RUNNING": ("Running", "Retrying"),
    "COMPLETED": ("Completed", "Cached", "B", "b"),
    "FAILED": ("Failed",),
    "CANCELLED": ("Cancelled",),
    "CRASHED": ("Crashed",),
    "PAUSED": ("Paused", "Suspended"),
    "CANCELLING": ("Cancelling",),
}
STATE_TYPES = tuple(STATE_NAMES)
ALL_STATE_NAMES = tuple(n for names in STATE_NAMES.values() for n in names)
_STARTED = frozenset({"RUNNING", "COMPLETED", "FAILED", "CRASHED", "PAUSED", "CANCELLING"})
_DURATIONS_S = (0, 0.5, 1, 59.999, 60, 90, 3600, 7200.25)
#: The instants of a run item that filters compare with.
TIME_FIELDS = ("expected_start_time", "next_scheduled_start_time", "start_time", "end_time", "state_timestamp")


def run_instants(item: dict[str, Any]) -> list[dt.datetime]:
    """The instants of a run item (the ``time`` operands a filter draws)."""
    return [dt.datetime.fromisoformat(item[name]) for name in TIME_FIELDS if isinstance(item.get(name), str)]


@st.composite
def run_states(draw: st.DrawFn, nulls: bool = True, stateless: bool = False, max_states: int = 0) -> dict[str, Any]:
    """State and time fields of one run, consistent the way Prefect's orchestration keeps them.

    Terminal runs have an end time (and a start unless cancelled before
    starting); RUNNING/PAUSED/CANCELLING runs have a start and a state
    timestamp; SCHEDULED runs a next scheduled start. `nulls` allows NULL
    expected start times and missing optional timestamps; `stateless` allows
    runs with no state at all. `max_states` > 0 lets a run with a state timestamp
    carry up to that many earlier states in ``states`` (:func:`earlier_history`).
    Shrinks toward a SCHEDULED run at the grid start without a history.
    """
    state_type = draw(st.sampled_from(STATE_TYPES) | st.none()) if stateless else draw(st.sampled_from(STATE_TYPES))
    expected = draw(maybe(instants(), nulls))
    base = expected or GRID_START
    out: dict[str, Any] = {"expected_start_time": iso(expected), "run_count": 0, "total_run_time": 0}
    if state_type is None:
        return out
    out["state_type"] = state_type
    out["state_name"] = draw(st.none() | st.sampled_from(STATE_NAMES[state_type]))
    started = state_type in _STARTED or (state_type == "CANCELLED" and draw(st.booleans()))
    start = base + dt.timedelta(hours=draw(st.sampled_from((0, 0, 1, 2)))) if started else None
    duration = dt.timedelta(seconds=draw(st.sampled_from(_DURATIONS_S)))
    if start is not None:
        out["start_time"] = iso(start)
        out["run_count"] = draw(st.integers(1, 2))
    if state_type in TERMINAL_STATE_TYPES:
        end = (start or base) + duration
        out["end_time"] = iso(end)
        out["total_run_time"] = duration.total_seconds() if start else 0
        out["state_timestamp"] = iso(end) if not nulls or draw(st.booleans()) else None
    elif start is not None:  # RUNNING, PAUSED, CANCELLING
        elapsed = duration if state_type != "RUNNING" or draw(st.booleans()) else dt.timedelta(0)
        out["total_run_time"] = elapsed.total_seconds()
        out["state_timestamp"] = iso(start + elapsed)
    else:  # SCHEDULED, PENDING: entered the state before the expected start
        out["state_timestamp"] = iso(base - dt.timedelta(hours=draw(st.integers(0, 3))))
    if state_type == "SCHEDULED":
        out["next_scheduled_start_time"] = iso(expected) if expected else iso(draw(instants()))
    if max_states and out.get("state_timestamp") is not None:
        history = draw(earlier_history(dt.datetime.fromisoformat(out["state_timestamp"]), max_states))
        if history:
            out["states"] = [*history, {}]
    return out


@st.composite
def earlier_history(draw: st.DrawFn, before: dt.datetime, max_states: int) -> list[dict[str, Any]]:
    """Up to `max_states` states a run went through before entering its current state at `before`, oldest first.

    Any type may follow any other (Prefect's ``force=True`` transitions), with
    strictly increasing timestamps; names, ids and scheduled times are given or
    left to their defaults (docs/semantics.md#state-history). The run columns the
    item leaves out are then derived from the history. Shrinks toward no history.
    """
    count = draw(st.integers(0, max_states))
    gaps = [draw(st.sampled_from((1, 5, 30, 90))) for _ in range(count)]
    history = []
    when = before
    for gap in gaps:
        when -= dt.timedelta(minutes=gap)
        state_type = draw(st.sampled_from(STATE_TYPES))
        entry: dict[str, Any] = {"type": state_type, "timestamp": iso(when)}
        name = draw(st.none() | st.sampled_from(STATE_NAMES[state_type]))
        if name is not None:
            entry["name"] = name
        if state_type == "SCHEDULED" and draw(st.booleans()):
            entry["state_details"] = {"scheduled_time": iso(when + dt.timedelta(hours=1))}
        if draw(st.integers(0, 3)) == 3:
            entry["message"] = "retrying"
        history.append(entry)
    return history[::-1]
