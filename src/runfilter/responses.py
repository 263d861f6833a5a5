"""Render records as the JSON Prefect 3.9.1 returns: same keys, same order, same values.

Timestamps print as :func:`~runfilter.timeutil.format_ts`, durations as
float seconds, ids as lowercase UUID text. Fields Prefect computes at
response time (``estimated_run_time``, ``estimated_start_time_delta``,
``work_pool_name``, ``active_slots``) are computed here from the record, the
store and ``now`` (µs).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from .entities.deployments.record import Deployment
from .entities.flow_runs.record import FlowRun
from .entities.flows.record import Flow
from .entities.runs.states import STATE_DETAILS_DEFAULT, estimated_run_time, estimated_start_time_delta, state_id
from .entities.task_runs.record import TaskRun
from .entities.work_pools.record import WorkPool
from .entities.work_queues.record import WorkQueue
from .errors import INTERNAL_SERVER_ERROR, ServerError
from .timeutil import format_ts, seconds

#: Run states that occupy a concurrency slot of their pool/queue (``active_slots``).
SLOT_OCCUPYING_STATES = frozenset({"PENDING", "RUNNING", "CANCELLING"})


class RowCache:
    """Bounded cache of the clock-independent JSON of run rows, keyed by record identity.

    Rendering a run is mostly formatting it never changes; a store keeps one
    cache and every request copies the cached part (so callers get fresh
    top-level dicts, lists and state objects) and fills in the fields that
    depend on the clock or on other tables. A replaced record is a new object,
    so it is never served stale. Oldest entries go first; O(1) per access.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._rows: dict[str, tuple[Any, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, record: Any, build: Any) -> dict[str, Any]:
        """The cached static JSON of `record`, built by `build(record)` on a miss."""
        hit = self._rows.get(record.id)
        if hit is not None and hit[0] is record:
            return hit[1]
        row = build(record)
        if self.capacity:
            with self._lock:
                self._rows[record.id] = (record, row)
                if len(self._rows) > self.capacity:
                    self._rows.pop(next(iter(self._rows)), None)
        return row


_BANNED_NAME_CHARACTERS = frozenset("/%&><")


def _servable_name(name: str, non_emptyish: bool = False) -> str:
    # Prefect's response models validate names (^[^/%&><]+$; pools must also not be
    # blank once quotes and spaces are stripped): a stored name that fails makes
    # Prefect answer 500 whenever it returns the record.
    if not name or not _BANNED_NAME_CHARACTERS.isdisjoint(name) or (non_emptyish and not name.strip("' \"")):
        raise ServerError(500, INTERNAL_SERVER_ERROR, f"Prefect cannot serialize the name {name!r} (HTTP 500)")
    return name


def _fresh(static: dict[str, Any]) -> dict[str, Any]:
    """A caller-owned copy of a cached row: new top-level dict, tags list and state object."""
    row = dict(static)
    row["tags"] = list(static["tags"])
    state = static["state"]
    if state is not None:
        state = dict(state)
        state["state_details"] = dict(state["state_details"])
        row["state"] = state
    return row


class Renderer:
    """Renders records of one store snapshot; ``now`` is the request's clock in µs.

    ``tables`` maps a table name to its records by id; ``active_slots`` gives
    the slot count of a pool or queue id (see :class:`runfilter.store.Store`).
    """

    def __init__(
        self, tables: Mapping[str, Mapping[str, Any]], now: int, active_slots: Any, rows: RowCache | None = None
    ) -> None:
        self.tables = tables
        self.now = now
        self.active_slots = active_slots
        self.rows = rows if rows is not None else RowCache(0)

    # -- runs

    def _state(self, run: FlowRun | TaskRun, details_defaults: dict[str, Any]) -> dict[str, Any] | None:
        if run.state_type is None:
            return None
        extras = run.state_extras
        details = dict(STATE_DETAILS_DEFAULT)
        details.update(details_defaults)
        if extras is not None and extras.details:
            details.update(extras.details)
        return {
            "id": state_id(run),
            "type": run.state_type,
            "name": run.state_name,
            "timestamp": format_ts(run.state_timestamp),
            "message": extras.message if extras is not None else None,
            "data": None,
            "state_details": details,
        }

    def _details_defaults(
        self, run: FlowRun | TaskRun, flow_run_id: str | None, task_run_id: str | None
    ) -> dict[str, Any]:
        # What the dataset loader (like Prefect's orchestration) writes into
        # state_details: the run ids, and scheduled_time on Scheduled states.
        defaults: dict[str, Any] = {}
        given = run.state_extras.details or {} if run.state_extras else {}
        if flow_run_id is not None and "flow_run_id" not in given:
            defaults["flow_run_id"] = flow_run_id
        if task_run_id is not None and "task_run_id" not in given:
            defaults["task_run_id"] = task_run_id
        if run.state_type == "SCHEDULED" and given.get("scheduled_time") is None:
            when = run.next_scheduled_start_time or run.expected_start_time or run.state_timestamp
            defaults["scheduled_time"] = format_ts(when)
        return defaults

    def _flow_run_static(self, run: FlowRun) -> dict[str, Any]:
        # every field that depends only on the run (dynamic ones are placeholders, in Prefect's key order)
        state = self._state(run, self._details_defaults(run, run.id, run.parent_task_run_id))
        return {
            "id": run.id,
            "created": format_ts(run.created),
            "updated": format_ts(run.updated),
            "name": run.name,
            "flow_id": run.flow_id,
            "state_id": state_id(run),
            "deployment_id": run.deployment_id,
            "deployment_version": run.deployment_version,
            "work_queue_id": run.work_queue_id,
            "work_queue_name": None,
            "flow_version": run.flow_version,
            "parameters": run.parameters,
            "idempotency_key": run.idempotency_key,
            "context": run.context,
            "empirical_policy": run.empirical_policy,
            "tags": list(run.tags),
            "labels": {} if run.labels is None else run.labels,
            "parent_task_run_id": run.parent_task_run_id,
            "state_type": run.state_type,
            "state_name": run.state_name,
            "run_count": run.run_count,
            "expected_start_time": format_ts(run.expected_start_time),
            "next_scheduled_start_time": format_ts(run.next_scheduled_start_time),
            "start_time": format_ts(run.start_time),
            "end_time": format_ts(run.end_time),
            "total_run_time": seconds(run.total_run_time),
            "estimated_run_time": None,
            "estimated_start_time_delta": None,
            "auto_scheduled": run.auto_scheduled,
            "infrastructure_document_id": None,
            "infrastructure_pid": run.infrastructure_pid,
            "created_by": run.created_by,
            "work_pool_id": None,
            "work_pool_name": None,
            "state": state,
            "job_variables": run.job_variables,
        }

    def flow_run(self, run: FlowRun) -> dict[str, Any]:
        """A ``FlowRunResponse`` (``/flow_runs/filter`` and ``/paginate`` rows)."""
        row = _fresh(self.rows.get(run, self._flow_run_static))
        queue_name, pool_id, pool_name = run.work_queue_name, None, None
        queue = self.tables["work_queues"].get(run.work_queue_id) if run.work_queue_id else None
        if queue is not None:  # Prefect reports the queue's and pool's current names
            queue_name = queue.name
            pool = self.tables["work_pools"].get(queue.work_pool_id)
            if pool is not None:
                pool_id, pool_name = pool.id, pool.name
        row["work_queue_name"], row["work_pool_id"], row["work_pool_name"] = queue_name, pool_id, pool_name
        row["estimated_run_time"] = seconds(estimated_run_time(run, self.now))
        row["estimated_start_time_delta"] = seconds(estimated_start_time_delta(run, self.now))
        return row

    def _task_state(self, run: TaskRun) -> dict[str, Any] | None:
        return self._state(run, self._details_defaults(run, run.flow_run_id, run.id))

    def _task_run_static(self, run: TaskRun) -> dict[str, Any]:
        return {
            "id": run.id,
            "created": format_ts(run.created),
            "updated": format_ts(run.updated),
            "name": run.name,
            "flow_run_id": run.flow_run_id,
            "task_key": run.task_key,
            "dynamic_key": run.dynamic_key,
            "cache_key": run.cache_key,
            "cache_expiration": format_ts(run.cache_expiration),
            "task_version": run.task_version,
            "empirical_policy": run.empirical_policy,
            "tags": list(run.tags),
            "labels": run.labels,
            "state_id": state_id(run),
            "task_inputs": run.task_inputs,
            "state_type": run.state_type,
            "state_name": run.state_name,
            "run_count": run.run_count,
            "flow_run_run_count": run.flow_run_run_count,
            "expected_start_time": format_ts(run.expected_start_time),
            "next_scheduled_start_time": format_ts(run.next_scheduled_start_time),
            "start_time": format_ts(run.start_time),
            "end_time": format_ts(run.end_time),
            "total_run_time": seconds(run.total_run_time),
            "estimated_run_time": None,
            "estimated_start_time_delta": None,
            "state": self._task_state(run),
        }

    def task_run(self, run: TaskRun) -> dict[str, Any]:
        """A core ``TaskRun`` (``/task_runs/filter`` rows)."""
        row = _fresh(self.rows.get(run, self._task_run_static))
        row["estimated_run_time"] = seconds(estimated_run_time(run, self.now))
        row["estimated_start_time_delta"] = seconds(estimated_start_time_delta(run, self.now))
        return row

    def task_run_summary(self, run: TaskRun) -> dict[str, Any]:
        """A ``TaskRunResponse`` (``/task_runs/paginate`` rows: fewer fields than ``/filter``)."""
        return {
            "id": run.id,
            "created": format_ts(run.created),
            "updated": format_ts(run.updated),
            "name": run.name,
            "flow_run_id": run.flow_run_id,
            "task_key": run.task_key,
            "state_id": state_id(run),
            "state": self._task_state(run),
            "task_version": run.task_version,
            "task_inputs": run.task_inputs,
            "empirical_policy": run.empirical_policy,
            "tags": list(run.tags),
            "start_time": format_ts(run.start_time),
            "end_time": format_ts(run.end_time),
            "total_run_time": seconds(run.total_run_time),
            "estimated_run_time": seconds(estimated_run_time(run, self.now)),
            "estimated_start_time_delta": seconds(estimated_start_time_delta(run, self.now)),
        }

    # -- flows, deployments, pools, queues

    def flow(self, flow: Flow) -> dict[str, Any]:
        """A ``Flow``."""
        return {
            "id": flow.id,
            "created": format_ts(flow.created),
            "updated": format_ts(flow.updated),
            "name": _servable_name(flow.name),
            "tags": list(flow.tags),
            "labels": flow.labels,
        }

    def deployment(self, dep: Deployment) -> dict[str, Any]:
        """A ``DeploymentResponse`` (``concurrency_limit`` is always null; the limit is global)."""
        queue_name, pool_name = dep.work_queue_name, None
        queue = self.tables["work_queues"].get(dep.work_queue_id) if dep.work_queue_id else None
        if queue is not None:
            queue_name = queue.name
            pool = self.tables["work_pools"].get(queue.work_pool_id)
            pool_name = pool.name if pool is not None else None
        return {
            "id": dep.id,
            "created": format_ts(dep.created),
            "updated": format_ts(dep.updated),
            "name": dep.name,
            "version": dep.version,
            "description": dep.description,
            "flow_id": dep.flow_id,
            "paused": dep.paused,
            "schedules": dep.schedules,
            "concurrency_limit": None,
            "global_concurrency_limit": dep.global_concurrency_limit,
            "concurrency_options": dep.concurrency_options,
            "job_variables": dep.job_variables,
            "parameters": dep.parameters,
            "tags": list(dep.tags),
            "labels": {} if dep.labels is None else dep.labels,
            "work_queue_name": queue_name,
            "work_queue_id": dep.work_queue_id,
            "last_polled": format_ts(dep.last_polled),
            "parameter_openapi_schema": dep.parameter_openapi_schema,
            "path": dep.path,
            "pull_steps": dep.pull_steps,
            "entrypoint": dep.entrypoint,
            "storage_document_id": None,
            "infrastructure_document_id": None,
            "created_by": dep.created_by,
            "updated_by": dep.updated_by,
            "work_pool_name": pool_name,
            "status": dep.status,
            "enforce_parameter_schema": dep.enforce_parameter_schema,
        }

    def work_pool(self, pool: WorkPool) -> dict[str, Any]:
        """A ``WorkPoolResponse``; ``active_slots`` only when the pool has a concurrency limit."""
        return {
            "id": pool.id,
            "created": format_ts(pool.created),
            "updated": format_ts(pool.updated),
            "name": _servable_name(pool.name, non_emptyish=True),
            "description": pool.description,
            "type": pool.type,
            "base_job_template": pool.base_job_template,
            "is_paused": pool.is_paused,
            # Prefect hides the status of legacy agent pools
            "concurrency_limit": pool.concurrency_limit,
            "status": None if pool.type == "prefect-agent" else pool.status,
            "default_queue_id": pool.default_queue_id,
            "storage_configuration": pool.storage_configuration,
            "active_slots": None if pool.concurrency_limit is None else self.active_slots("work_pools", pool.id),
        }

    def work_queue(self, queue: WorkQueue, slots: str) -> dict[str, Any]:
        """A ``WorkQueueResponse``; ``active_slots`` (counted per `slots` flavor) only with a concurrency limit."""
        pool = self.tables["work_pools"].get(queue.work_pool_id)
        return {
            "id": queue.id,
            "created": format_ts(queue.created),
            "updated": format_ts(queue.updated),
            "name": _servable_name(queue.name),
            "description": queue.description,
            "is_paused": queue.is_paused,
            "concurrency_limit": queue.concurrency_limit,
            "priority": queue.priority,
            "work_pool_id": queue.work_pool_id,
            "filter": queue.filter,
            "last_polled": format_ts(queue.last_polled),
            "work_pool_name": pool.name if pool is not None else None,
            "status": queue.status,
            "active_slots": None if queue.concurrency_limit is None else self.active_slots(slots, queue.id),
        }
