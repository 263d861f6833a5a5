"""The scheduled runs a work queue hands out: ``POST /work_queues/{id}/get_runs`` (docs/semantics.md#polling).

Prefect 3.9.1 has two rules, by the kind of queue:

* a queue without a legacy tag ``filter`` takes the SCHEDULED runs whose
  ``work_queue_name`` equals the queue's name (in any pool: the join is by
  name, not id), scheduled up to ``scheduled_before``, earliest
  ``next_scheduled_start_time`` first; a paused queue gets none, and a queue
  with a concurrency limit at most its free slots, counting the PENDING,
  RUNNING and CANCELLING runs carrying its name;
* a legacy queue takes runs by its filter's tags and deployments, its free
  slots counted over PENDING and RUNNING runs of that filter.

Both engines answer the counts and selections; only ranking happens here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...query.selection import Selection
from ...timeutil import to_us
from ..flow_runs.filters import FlowRunFilter, FlowRunFilterNextScheduledStartTime
from ..flow_runs.sorts import SORTS as RUN_SORTS
from .slots import legacy_queue_runs

_SCHEDULED = frozenset({"SCHEDULED"})
#: states that hold a slot of a queue, for the name-joined rule
_NAMED_QUEUE_SLOT_STATES = frozenset({"PENDING", "RUNNING", "CANCELLING"})


def queue_runs(engine: Any, queue: Any, limit: int, scheduled_before: dt.datetime | None, now: int) -> list[Any]:
    """The runs ``get_runs`` answers for `queue`, in Prefect's order (at most `limit`)."""
    if queue.is_paused:
        return []
    if queue.filter is not None:
        return _legacy_queue_runs(engine, queue, limit, scheduled_before, now)
    free = limit
    if queue.concurrency_limit is not None:
        busy = engine.count(
            Selection(
                "flow_runs", match={"work_queue_name": frozenset({queue.name}), "state_type": _NAMED_QUEUE_SLOT_STATES}
            )
        )
        free = min(max(0, queue.concurrency_limit - busy), limit)
    if free <= 0:
        return []
    before = None if scheduled_before is None else to_us(scheduled_before)
    candidates = engine.matching(
        Selection("flow_runs", match={"work_queue_name": frozenset({queue.name}), "state_type": _SCHEDULED})
    )
    runs = [run for run in candidates if before is None or _at_or_before(run.next_scheduled_start_time, before)]
    key = engine.dialect.order_key()
    # rank by start time (ties in stored order, docs/semantics.md#tie-order), answer by start time then id
    runs.sort(key=lambda run: (key(run.next_scheduled_start_time), run.seq))
    return sorted(runs[:free], key=lambda run: (key(run.next_scheduled_start_time), run.id))


def _at_or_before(when: int | None, bound: int) -> bool:
    return when is not None and when <= bound


def _legacy_queue_runs(
    engine: Any, queue: Any, limit: int, scheduled_before: dt.datetime | None, now: int
) -> list[Any]:
    # Prefect's rule for a tag-based queue: its filter, PENDING/RUNNING runs of it hold the slots
    if queue.concurrency_limit is not None:
        busy = engine.count(legacy_queue_runs(queue.filter))
        limit = min(max(0, queue.concurrency_limit - busy), limit)
    base = legacy_queue_runs(queue.filter).filters["flow_runs"]
    run_filter = FlowRunFilter(
        tags=base.tags,
        deployment_id=base.deployment_id,
        state={"type": {"any_": ["SCHEDULED"]}},
        next_scheduled_start_time=FlowRunFilterNextScheduledStartTime(before_=scheduled_before),
    )
    sel = Selection("flow_runs", {"flow_runs": run_filter})
    return engine.select(sel, RUN_SORTS["NEXT_SCHEDULED_START_TIME_ASC"], now, 0, limit)


__all__ = ["queue_runs"]
