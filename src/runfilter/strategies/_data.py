"""Record and dataset strategies: small, Prefect-consistent data in the oracle's dataset format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ._extras import extras

UTC = dt.UTC
#: The frozen clock generated data are built around: pass it as ``now`` to the store and the oracle.
NOW = dt.datetime(2026, 10, 4, tzinfo=UTC)
#: First instant of the time grid; the grid has hourly points over :data:`GRID_HOURS` hours.
GRID_START = dt.datetime(2026, 10, 1, tzinfo=UTC)
GRID_HOURS = 120
#: Offsets added to some grid instants so that bounds, ms rounding and µs comparisons get hit.
MICRO_OFFSETS_US = (1, -1, 500, 999_999, 1_000, 499)

# Flow, work pool and work queue names avoid / % & < > (Prefect's response models refuse them: HTTP 500).
FLOW_NAMES = ("etl", "ETL", "etl-daily", "etl_daily", "Etl weekly", "report", "ml train", "über", "Über", "zeta")
RUN_NAMES = ("alpha", "Alpha", "beta", "run_1", "run-1", "run%2", "ñandu", "zz", "a")
TASK_NAMES = ("extract", "load", "Load", "transform", "t_1", "t%2", "Ünload")
DEPLOYMENT_NAMES = ("prod", "Prod", "dev", "nightly", "etl-prod", "etl_prod", "dév")
POOL_NAMES = ("k8s", "K8S", "docker", "Process Pool", "edge")
POOL_TYPES = ("kubernetes", "docker", "process")
QUEUE_NAMES = ("default", "high", "High", "low", "de_fault", "default-2", "éclair")
TAGS = ("etl", "ETL", "prod", "dev", "nightly", "", "a_b", "a%b", "é")
FLOW_VERSIONS = ("1.0", "1.1", "2.0", "v1")
IDEMPOTENCY_KEYS = ("k1", "k2", "K1", "key-%")
CREATOR_TYPES = ("DEPLOYMENT", "AUTOMATION", "USER", "deployment")
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
TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED", "CRASHED"})
_STARTED = frozenset({"RUNNING", "COMPLETED", "FAILED", "CRASHED", "PAUSED", "CANCELLING"})
_DURATIONS_S = (0, 0.5, 1, 59.999, 60, 90, 3600, 7200.25)
_KIND_CODES = {"flows": 1, "work_pools": 2, "work_queues": 3, "deployments": 4, "flow_runs": 5, "task_runs": 6}


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with ``Z`` (the dataset format), or None."""
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def record_id(kind: str, index: int, salt: int = 0) -> str:
    """A reproducible, unique id: the kind and index decide uniqueness, the salt decides sort order."""
    return f"{salt:08x}-{_KIND_CODES[kind]:04x}-4000-8000-{index:012x}"


@st.composite
def instants(draw: st.DrawFn, micro: bool = True) -> dt.datetime:
    """An instant on the hourly grid, sometimes shifted by a few µs; shrinks toward :data:`GRID_START`."""
    value = GRID_START + dt.timedelta(hours=draw(st.integers(0, GRID_HOURS)))
    if micro and draw(st.integers(0, 5)) == 5:
        value += dt.timedelta(microseconds=draw(st.sampled_from(MICRO_OFFSETS_US)))
    return value


def _tags() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(TAGS), max_size=3)


def _maybe(strategy: st.SearchStrategy[Any], nulls: bool) -> st.SearchStrategy[Any]:
    """`strategy`, or sometimes None when `nulls` (shrinks toward the value)."""
    return st.one_of(strategy, st.none()) if nulls else strategy


@st.composite
def flows(draw: st.DrawFn, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One flow item (``id name tags created updated`` and maybe ``labels``); shrinks toward no tags, grid start."""
    created = draw(instants())
    bump = draw(st.none() | st.integers(0, 3))
    return {
        "id": record_id("flows", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(FLOW_NAMES)),
        "tags": draw(_tags()),
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=bump)) if bump is not None else None,
        **draw(extras("flows")),
    }


@st.composite
def work_pools(draw: st.DrawFn, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One work pool item (no ``default_queue_id``: :func:`datasets` sets it); shrinks toward defaults."""
    return {
        "id": record_id("work_pools", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(POOL_NAMES)),
        "type": draw(st.sampled_from(POOL_TYPES)),
        "concurrency_limit": draw(st.none() | st.integers(0, 3)),
        "is_paused": draw(st.booleans()),
        "created": iso(draw(instants())),
        **draw(extras("work_pools")),
    }


@st.composite
def work_queues(draw: st.DrawFn, pool_id: str, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One work queue item of pool `pool_id`; ``priority`` None lets Prefect's default apply.

    Sometimes a legacy tag ``filter``. Shrinks toward default priority, no limit, no filter.
    """
    legacy = st.fixed_dictionaries({"tags": st.lists(st.sampled_from(TAGS), min_size=1, max_size=2)})
    return {
        "id": record_id("work_queues", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(QUEUE_NAMES)),
        "work_pool_id": pool_id,
        "priority": draw(st.none() | st.integers(1, 3)),
        "concurrency_limit": draw(st.none() | st.integers(0, 2)),
        "is_paused": draw(st.booleans()),
        "filter": draw(st.none() | legacy),
        "created": iso(draw(instants())),
        **draw(extras("work_queues")),
    }


@st.composite
def deployments(
    draw: st.DrawFn, flow_ids: list[str], queues: list[dict[str, Any]], index: int = 0, name: str | None = None
) -> dict[str, Any]:
    """One deployment of one of `flow_ids`, maybe on one of `queues`; shrinks toward no queue, no limit."""
    queue = draw(st.none() | st.sampled_from(queues)) if queues else None
    created = draw(instants())
    return {
        "id": record_id("deployments", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(DEPLOYMENT_NAMES)),
        "flow_id": draw(st.sampled_from(flow_ids)),
        "work_queue_id": queue["id"] if queue else None,
        "work_queue_name": draw(st.none() | st.sampled_from(QUEUE_NAMES)),
        "paused": draw(st.booleans()),
        "tags": draw(_tags()),
        "concurrency_limit": draw(st.none() | st.integers(1, 3)),
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=draw(st.integers(0, 2)))),
        **draw(extras("deployments")),
    }


@st.composite
def run_states(draw: st.DrawFn, nulls: bool = True, stateless: bool = False) -> dict[str, Any]:
    """State and time fields of one run, consistent the way Prefect's orchestration keeps them.

    Terminal runs have an end time (and a start unless cancelled before
    starting); RUNNING/PAUSED/CANCELLING runs have a start and a state
    timestamp; SCHEDULED runs a next scheduled start. `nulls` allows NULL
    expected start times and missing optional timestamps; `stateless` allows
    runs with no state at all. Shrinks toward a SCHEDULED run at the grid start.
    """
    state_type = draw(st.sampled_from(STATE_TYPES) | st.none()) if stateless else draw(st.sampled_from(STATE_TYPES))
    expected = draw(_maybe(instants(), nulls))
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
    if state_type in TERMINAL:
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
    return out


@st.composite
def flow_runs(
    draw: st.DrawFn,
    flow_ids: list[str],
    deployments: list[dict[str, Any]] = (),  # type: ignore[assignment]
    queues: list[dict[str, Any]] = (),  # type: ignore[assignment]
    index: int = 0,
    nulls: bool = True,
    stateless: bool = False,
    dangling: bool = True,
) -> dict[str, Any]:
    """One flow run of one of `flow_ids`, usually of one of `deployments` (or a dangling deployment id).

    Shrinks toward a run of the first flow with no deployment, queue, tags or creator.
    """
    run_id = record_id("flow_runs", index, draw(st.integers(0, 2**16)))
    deployment = draw(st.none() | st.sampled_from(list(deployments))) if deployments else None
    flow_id = deployment["flow_id"] if deployment and draw(st.integers(0, 4)) else draw(st.sampled_from(flow_ids))
    deployment_id = deployment["id"] if deployment else None
    if deployment_id is None and dangling and draw(st.integers(0, 7)) == 7:
        deployment_id = record_id("deployments", 999, draw(st.integers(0, 2**16)))
    queue_ids = [q["id"] for q in queues]
    queue_id = deployment["work_queue_id"] if deployment else None
    if queue_ids and draw(st.integers(0, 3)) == 3:
        queue_id = draw(st.none() | st.sampled_from(queue_ids))
    run: dict[str, Any] = {
        "id": run_id,
        "name": draw(st.sampled_from(RUN_NAMES)),
        "flow_id": flow_id,
        "deployment_id": deployment_id,
        "work_queue_id": queue_id,
        "work_queue_name": draw(st.none() | st.sampled_from(QUEUE_NAMES)) if draw(st.integers(0, 3)) == 3 else None,
        "flow_version": draw(_maybe(st.sampled_from(FLOW_VERSIONS), True)),
        "deployment_version": draw(st.none() | st.sampled_from(FLOW_VERSIONS)),
        "tags": draw(_tags()),
        "idempotency_key": None,
        "created_by": draw(_creators(deployment)),
        "auto_scheduled": draw(st.booleans()),
        "created": iso(draw(instants())),
    }
    run.update(draw(run_states(nulls=nulls, stateless=stateless)))
    run.update(draw(extras("flow_runs")))
    return run


def _creators(deployment: dict[str, Any] | None) -> st.SearchStrategy[dict[str, Any] | None]:
    ids = [deployment["id"]] if deployment else []
    ids.append(record_id("deployments", 998))
    return st.none() | st.fixed_dictionaries(
        {},
        optional={
            "id": st.sampled_from(ids),
            "type": st.sampled_from(CREATOR_TYPES),
            "display_value": st.sampled_from(("me", "etl-prod")),
        },
    )


@st.composite
def task_runs(
    draw: st.DrawFn,
    flow_run_ids: list[str],
    index: int = 0,
    nulls: bool = True,
    stateless: bool = False,
    orphans: bool = True,
) -> dict[str, Any]:
    """One task run of one of `flow_run_ids` (or an orphan when `orphans`); keys are left to the loader.

    Shrinks toward a task run of the first flow run with no tags.
    """
    flow_run_id = draw(st.sampled_from(flow_run_ids)) if flow_run_ids else None
    if orphans and flow_run_ids and draw(st.integers(0, 7)) == 7:
        flow_run_id = None
    name = draw(st.sampled_from(TASK_NAMES))
    run: dict[str, Any] = {
        "id": record_id("task_runs", index, draw(st.integers(0, 2**16))),
        "name": name,
        "flow_run_id": flow_run_id,
        "task_key": draw(st.none() | st.just(f"{name}-key")),
        "tags": draw(_tags()),
        "created": iso(draw(instants())),
    }
    run.update(draw(run_states(nulls=nulls, stateless=stateless)))
    run.update(draw(extras("task_runs")))
    return run
