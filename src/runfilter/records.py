"""Compact in-memory records, one class per Prefect table.

Records are slotted dataclasses: attribute access is fast and a record costs
a few hundred bytes, not the kilobytes of a dict or a pydantic model.
Conventions, shared by every module:

* ids and foreign keys are canonical UUID strings (lowercase, hyphenated):
  their string order *is* Prefect's UUID order;
* timestamps are ``int`` microseconds since the epoch (UTC), durations are
  ``int`` microseconds; ``None`` is SQL NULL;
* ``tags`` is a tuple of strings;
* opaque JSON fields (``parameters``, ``empirical_policy``, ``state_details``
  overrides, ...) are already normalised to the JSON Prefect prints, and may
  be shared between records: never mutate them;
* ``seq`` is the insertion ordinal, the deterministic tie-breaker of sorts.

Records are immutable by convention: the store replaces a record to change it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

JSON = Any


@dataclass(slots=True, eq=False)
class Flow:
    """A flow (table ``flow``)."""

    id: str
    seq: int
    name: str
    tags: tuple[str, ...]
    labels: dict[str, JSON] | None
    created: int
    updated: int


@dataclass(slots=True, eq=False)
class WorkPool:
    """A work pool (table ``work_pool``)."""

    id: str
    seq: int
    name: str
    type: str
    description: str | None
    base_job_template: dict[str, JSON]
    is_paused: bool
    default_queue_id: str | None
    concurrency_limit: int | None
    status: str
    storage_configuration: dict[str, JSON]
    created: int
    updated: int


@dataclass(slots=True, eq=False)
class WorkQueue:
    """A work queue of a pool (table ``work_queue``)."""

    id: str
    seq: int
    name: str
    work_pool_id: str
    priority: int
    description: str
    is_paused: bool
    concurrency_limit: int | None
    filter: JSON | None
    last_polled: int | None
    status: str
    created: int
    updated: int


@dataclass(slots=True, eq=False)
class Deployment:
    """A deployment (table ``deployment``, plus its ``deployment:<id>`` concurrency limit)."""

    id: str
    seq: int
    name: str
    flow_id: str
    work_queue_id: str | None
    work_queue_name: str | None
    paused: bool
    tags: tuple[str, ...]
    labels: dict[str, JSON] | None
    version: str | None
    description: str | None
    parameters: dict[str, JSON]
    job_variables: dict[str, JSON]
    path: str | None
    entrypoint: str | None
    pull_steps: list[JSON] | None
    parameter_openapi_schema: dict[str, JSON] | None
    enforce_parameter_schema: bool
    global_concurrency_limit: dict[str, JSON] | None
    concurrency_options: dict[str, JSON] | None
    status: str
    last_polled: int | None
    created_by: dict[str, JSON] | None
    updated_by: dict[str, JSON] | None
    schedules: list[dict[str, JSON]]
    created: int
    updated: int


@dataclass(slots=True, eq=False)
class StateExtras:
    """What a dataset says about a run's current state beyond its type, name and timestamp.

    Most runs have none: their state is fully described by the run's
    ``state_type``/``state_name``/``state_timestamp`` columns, and its id is
    derived (:func:`state_id`).
    """

    id: str | None
    message: str | None
    #: state_details fields given in the dataset (normalised); defaults are filled in on output
    details: dict[str, JSON] | None


@dataclass(slots=True, eq=False)
class FlowRun:
    """A flow run (table ``flow_run`` with its denormalised current-state columns)."""

    id: str
    seq: int
    name: str
    flow_id: str
    deployment_id: str | None
    work_queue_id: str | None
    work_queue_name: str | None
    parent_task_run_id: str | None
    state_type: str | None
    state_name: str | None
    state_timestamp: int | None
    state_extras: StateExtras | None
    expected_start_time: int | None
    next_scheduled_start_time: int | None
    start_time: int | None
    end_time: int | None
    total_run_time: int
    run_count: int
    tags: tuple[str, ...]
    flow_version: str | None
    deployment_version: str | None
    idempotency_key: str | None
    created_by: dict[str, JSON] | None
    auto_scheduled: bool
    parameters: dict[str, JSON]
    context: dict[str, JSON]
    empirical_policy: dict[str, JSON]
    labels: dict[str, JSON] | None
    infrastructure_pid: str | None
    job_variables: dict[str, JSON]
    created: int
    updated: int


@dataclass(slots=True, eq=False)
class TaskRun:
    """A task run (table ``task_run`` with its denormalised current-state columns)."""

    id: str
    seq: int
    name: str
    flow_run_id: str | None
    task_key: str
    dynamic_key: str
    state_type: str | None
    state_name: str | None
    state_timestamp: int | None
    state_extras: StateExtras | None
    expected_start_time: int | None
    next_scheduled_start_time: int | None
    start_time: int | None
    end_time: int | None
    total_run_time: int
    run_count: int
    flow_run_run_count: int
    tags: tuple[str, ...]
    cache_key: str | None
    cache_expiration: int | None
    task_version: str | None
    empirical_policy: dict[str, JSON]
    task_inputs: dict[str, JSON]
    labels: dict[str, JSON] | None
    created: int
    updated: int


Record = Flow | WorkPool | WorkQueue | Deployment | FlowRun | TaskRun

#: Record class of each dataset key, in the order a dataset is loaded.
RECORD_TYPES: dict[str, type] = {
    "flows": Flow,
    "work_pools": WorkPool,
    "work_queues": WorkQueue,
    "deployments": Deployment,
    "flow_runs": FlowRun,
    "task_runs": TaskRun,
}


def state_id(run: FlowRun | TaskRun) -> str | None:
    """The id of a run's current state (None without a state); by default ``uuid5(run id, "state")``."""
    if run.state_type is None:
        return None
    extras = run.state_extras
    if extras is not None and extras.id is not None:
        return extras.id
    return str(uuid.uuid5(uuid.UUID(run.id), "state"))


def estimated_run_time(run: FlowRun | TaskRun, now: int) -> int:
    """Run time so far in µs: ``total_run_time`` plus the current RUNNING period (§8.4)."""
    if run.state_type == "RUNNING" and run.state_timestamp is not None:
        return run.total_run_time + (now - run.state_timestamp)
    return run.total_run_time


_TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED", "CRASHED"})


def estimated_start_time_delta(run: FlowRun | TaskRun, now: int) -> int:
    """Lateness in µs as Prefect's response models compute it (§8.4, the Python form).

    A run with no state counts as "not terminal" here, unlike the SQL form
    used by history (see :mod:`runfilter.history`).
    """
    start, expected = run.start_time, run.expected_start_time
    if start is not None and expected is not None:
        return start - expected if start > expected else 0
    if start is None and expected is not None and expected < now and run.state_type not in _TERMINAL:
        return now - expected
    return 0
