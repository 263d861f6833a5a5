"""``active_slots`` of pools and queues: the flow runs occupying a concurrency slot, counted as each route does.

Prefect counts them differently per route (docs/semantics.md#active-slots):

* ``/work_pools/filter``: runs in PENDING or RUNNING on any queue of the pool;
* ``/work_pools/{name}/queues/filter``: PENDING or RUNNING runs of the queue;
* ``/work_queues/filter``: PENDING, RUNNING or CANCELLING runs of the queue,
  or, for a legacy queue with a tag ``filter``, the runs that filter selects.

Counts are asked of the request's query engine, so both engines answer them.
"""

from __future__ import annotations

from typing import Any

from ...query.selection import Selection
from ..flow_runs.filters import (
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterState,
    FlowRunFilterStateType,
    FlowRunFilterTags,
)
from ..runs.states import StateType

_POOL_SLOT_STATES = frozenset({"PENDING", "RUNNING"})
_QUEUE_SLOT_STATES = frozenset({"PENDING", "RUNNING", "CANCELLING"})


def _occupying(engine: Any, queue_ids: frozenset[str], states: frozenset[str]) -> int:
    if not queue_ids:
        return 0
    return engine.count(Selection("flow_runs", match={"work_queue_id": queue_ids, "state_type": states}))


def active_slots(engine: Any, flavor: str, record_id: str) -> int:
    """Flow runs occupying a slot of the pool or queue `record_id`, counted per `flavor` (see the module)."""
    if flavor == "work_pools":
        queues = engine.matching(Selection("work_queues", match={"work_pool_id": frozenset({record_id})}))
        return _occupying(engine, frozenset(q.id for q in queues), _POOL_SLOT_STATES)
    if flavor == "pool_queues":
        return _occupying(engine, frozenset({record_id}), _POOL_SLOT_STATES)
    queue = engine.record("work_queues", record_id)
    if queue.filter is None:
        return _occupying(engine, frozenset({record_id}), _QUEUE_SLOT_STATES)
    return engine.count(legacy_queue_runs(queue.filter))


def legacy_queue_runs(queue_filter: dict[str, Any]) -> Selection:
    """The runs Prefect counts for a legacy tag-based queue: every tag of the filter, a deployment (among
    the filter's, if it lists some), PENDING or RUNNING."""
    run_filter = FlowRunFilter(
        tags=FlowRunFilterTags(all_=queue_filter.get("tags")),
        deployment_id=FlowRunFilterDeploymentId(any_=queue_filter.get("deployment_ids"), is_null_=False),
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PENDING, StateType.RUNNING])),
    )
    return Selection("flow_runs", {"flow_runs": run_filter})
