"""What rendering a flow run and a task run share: the state object and the times Prefect derives."""

from __future__ import annotations

from typing import Any

from ...timeutil import format_ts, seconds
from .states import (
    STATE_DETAILS_DEFAULT,
    PastState,
    earlier_states,
    estimated_run_time,
    estimated_start_time_delta,
    state_id,
)


def state_json(run: Any, flow_run_id: str | None, task_run_id: str | None) -> dict[str, Any] | None:
    """A run's current ``state`` object (None without a state), with the details Prefect writes.

    What the dataset loader (like Prefect's orchestration) writes into
    ``state_details``: the run ids, and ``scheduled_time`` on Scheduled states.
    """
    if run.state_type is None:
        return None
    extras = run.state_extras
    given = extras.details or {} if extras is not None else {}
    details = _details(given, flow_run_id, task_run_id)
    if run.state_type == "SCHEDULED" and given.get("scheduled_time") is None:
        when = run.next_scheduled_start_time or run.expected_start_time or run.state_timestamp
        details["scheduled_time"] = format_ts(when)
    return {
        "id": state_id(run),
        "type": run.state_type,
        "name": run.state_name,
        "timestamp": format_ts(run.state_timestamp),
        "message": extras.message if extras is not None else None,
        "data": None,
        "state_details": details,
    }


def _details(given: dict[str, Any], flow_run_id: str | None, task_run_id: str | None) -> dict[str, Any]:
    """Every ``state_details`` field: Prefect's defaults, the run ids its orchestration writes, then `given`."""
    details = dict(STATE_DETAILS_DEFAULT)
    if flow_run_id is not None and "flow_run_id" not in given:
        details["flow_run_id"] = flow_run_id
    if task_run_id is not None and "task_run_id" not in given:
        details["task_run_id"] = task_run_id
    if given:
        details.update(given)
    return details


def past_state_json(past: PastState, flow_run_id: str | None, task_run_id: str | None) -> dict[str, Any]:
    """A state of a run's history before its current one, as Prefect's ``State`` (docs/semantics.md#state-history)."""
    return {
        "id": past.id,
        "type": past.type,
        "name": past.name,
        "timestamp": format_ts(past.timestamp),
        "message": past.message,
        "data": None,
        "state_details": _details(past.details or {}, flow_run_id, task_run_id),
    }


def history_json(run: Any, flow_run_id: str | None, task_run_id: str | None) -> list[dict[str, Any]]:
    """Every state of a run's history, oldest first (Prefect's order: by timestamp); empty without a state."""
    current = state_json(run, flow_run_id, task_run_id)
    if current is None:
        return []
    return [past_state_json(past, flow_run_id, task_run_id) for past in earlier_states(run)] + [current]


def run_times(run: Any) -> dict[str, Any]:
    """A run row's times, in Prefect's order; the estimates depend on "now" (:func:`with_estimates`)."""
    return {
        "expected_start_time": format_ts(run.expected_start_time),
        "next_scheduled_start_time": format_ts(run.next_scheduled_start_time),
        "start_time": format_ts(run.start_time),
        "end_time": format_ts(run.end_time),
        "total_run_time": seconds(run.total_run_time),
        "estimated_run_time": None,
        "estimated_start_time_delta": None,
    }


def fresh(static: dict[str, Any]) -> dict[str, Any]:
    """A caller-owned copy of a cached run row: new top-level dict, tags list and state object."""
    row = dict(static)
    row["tags"] = list(static["tags"])
    state = static["state"]
    if state is not None:
        state = dict(state)
        state["state_details"] = dict(state["state_details"])
        row["state"] = state
    return row


def with_estimates(row: dict[str, Any], run: Any, now: int) -> dict[str, Any]:
    """`row` with ``estimated_run_time`` and ``estimated_start_time_delta`` at `now`.

    docs/semantics.md#derived-durations
    """
    row["estimated_run_time"] = seconds(estimated_run_time(run, now))
    row["estimated_start_time_delta"] = seconds(estimated_start_time_delta(run, now))
    return row
