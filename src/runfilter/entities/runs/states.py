"""Prefect's run states and what a run's current state implies.

A run keeps its current state in denormalised columns (``state_type``,
``state_name``, ``state_timestamp``), as Prefect's ``flow_run`` and
``task_run`` tables do; anything a dataset says beyond them (a state id, a
message, state details, the states before the current one) is kept in
:class:`StateExtras`, which most runs do not need. Defaults follow what
Prefect's orchestration writes (docs/semantics.md#dataset-defaults,
docs/semantics.md#state-history).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum
from typing import Any
from uuid import UUID

from ... import codecs
from ...codecs import Codec, IgnoringModel
from ...timeutil import RequestDateTime


class StateType(str, Enum):
    """Prefect's state types, in Prefect's declaration order."""

    SCHEDULED = "SCHEDULED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    CRASHED = "CRASHED"
    PAUSED = "PAUSED"
    CANCELLING = "CANCELLING"


#: Every state type, as text.
STATE_TYPES = frozenset(member.value for member in StateType)
#: The states a run does not leave: it has finished (docs/semantics.md#derived-durations).
TERMINAL_STATE_TYPES = frozenset({"COMPLETED", "FAILED", "CANCELLED", "CRASHED"})


def _state_type(value: Any) -> str:
    if type(value) is not str or value not in STATE_TYPES:
        raise ValueError(f"unknown state type {value!r}")
    return value


#: A state type column.
STATE_TYPE = Codec("state type", _state_type)


def default_state_name(state_type: str) -> str:
    """Prefect's state name for a type: ``CANCELLING`` → ``Cancelling``."""
    return " ".join(part.capitalize() for part in state_type.split("_"))


def default_state_timestamp(state_type: str, start: int | None, end: int | None, created: int) -> int:
    """When a run without a ``state_timestamp`` entered its state, as far as its data tell.

    A terminal run entered it at its end, a running (or cancelling) one at its
    start, anything else when it was created.
    """
    if state_type in TERMINAL_STATE_TYPES and end is not None:
        return end
    if (state_type == "RUNNING" or state_type == "CANCELLING") and start is not None:
        return start
    return created


@dataclass(slots=True, frozen=True)
class PastState:
    """A state a run was in before its current one (a ``flow_run_state``/``task_run_state`` row); a value:
    equal when every field is.

    Its defaults are resolved when it is loaded (docs/semantics.md#state-history):
    the id, the name, a Scheduled state's ``scheduled_time``; only the run ids
    of ``state_details`` are filled in on output, as for the current state.
    """

    id: str
    type: str
    name: str
    timestamp: int
    message: str | None
    #: state_details fields given in the dataset (normalised), plus a Scheduled state's scheduled_time
    details: dict[str, Any] | None


@dataclass(slots=True, eq=False)
class StateExtras:
    """What a dataset says about a run's state beyond its current type, name and timestamp.

    Most runs have none: their state is fully described by the run's
    ``state_type``/``state_name``/``state_timestamp`` columns, and its id is
    derived (:func:`state_id`).
    """

    id: str | None
    message: str | None
    #: state_details fields given in the dataset (normalised); defaults are filled in on output
    details: dict[str, Any] | None
    #: the states before the current one, oldest first (docs/semantics.md#state-history)
    earlier: tuple[PastState, ...] = ()


def earlier_states(run: Any) -> tuple[PastState, ...]:
    """The states `run` was in before its current one, oldest first (usually none)."""
    extras = run.state_extras
    return () if extras is None else extras.earlier


def run_state_ids(run: Any) -> list[str]:
    """The ids of every state of `run`'s history, oldest first (empty without a state)."""
    current = state_id(run)
    if current is None:
        return []
    return [past.id for past in earlier_states(run)] + [current]


def state_id(run: Any) -> str | None:
    """The id of a run's current state (None without a state); by default ``uuid5(run id, "state")``."""
    if run.state_type is None:
        return None
    extras = run.state_extras
    if extras is not None and extras.id is not None:
        return extras.id
    return str(uuid.uuid5(uuid.UUID(run.id), "state"))


def export_state(run: Any) -> dict[str, Any]:
    """The dataset's ``state`` object of a run with :class:`StateExtras` (nothing for the others), and its
    ``states`` when it has earlier states: the current state is their last entry, completed by the run's
    state columns (docs/semantics.md#state-history)."""
    extras = run.state_extras
    if extras is None:
        return {}
    out: dict[str, Any] = {"state": {"id": extras.id, "message": extras.message, "state_details": extras.details}}
    if extras.earlier:
        out["states"] = [
            {
                "id": past.id,
                "type": past.type,
                "name": past.name,
                "timestamp": codecs.TIME.write(past.timestamp),
                "message": past.message,
                "state_details": past.details,
            }
            for past in extras.earlier
        ] + [{}]
    return out


class StateDetails(IgnoringModel):
    """Mirror of Prefect's ``StateDetails``; the response prints every field."""

    flow_run_id: UUID | None = None
    task_run_id: UUID | None = None
    child_flow_run_id: UUID | None = None
    scheduled_time: RequestDateTime | None = None
    cache_key: str | None = None
    cache_expiration: RequestDateTime | None = None
    deferred: bool | None = False
    untrackable_result: bool = False
    pause_timeout: RequestDateTime | None = None
    pause_reschedule: bool = False
    pause_key: str | None = None
    run_input_keyset: dict[str, str] | None = None
    refresh_cache: bool | None = None
    retriable: bool | None = None
    transition_id: UUID | None = None
    task_parameters_id: UUID | None = None
    traceparent: str | None = None
    deployment_concurrency_lease_id: UUID | None = None


#: Every state-details field with Prefect's default value.
STATE_DETAILS_DEFAULT = StateDetails().model_dump(mode="json")


def state_details(value: Any) -> dict[str, Any] | None:
    """The dataset's ``state.state_details``, keeping only the fields it sets."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("state_details must be an object")
    full = codecs.through_model(StateDetails, value)
    return {key: full[key] for key in StateDetails.model_fields if key in value}


def estimated_run_time(run: Any, now: int) -> int:
    """Run time so far in µs: ``total_run_time`` plus the current RUNNING period.

    The Python form Prefect's response models use (docs/semantics.md#derived-durations).
    """
    if run.state_type == "RUNNING" and run.state_timestamp is not None:
        return run.total_run_time + (now - run.state_timestamp)
    return run.total_run_time


def estimated_start_time_delta(run: Any, now: int) -> int:
    """Lateness in µs as Prefect's response models compute it (the Python form).

    A run with no state counts as "not terminal" here, unlike the SQL form
    used by history (:func:`runfilter.entities.runs.history.lateness_seconds`).
    """
    start, expected = run.start_time, run.expected_start_time
    if start is not None and expected is not None:
        return start - expected if start > expected else 0
    if start is None and expected is not None and expected < now and run.state_type not in TERMINAL_STATE_TYPES:
        return now - expected
    return 0
