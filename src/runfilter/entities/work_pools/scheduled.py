"""The scheduled runs a worker is handed: ``POST /work_pools/{name}/get_scheduled_flow_runs``.

docs/semantics.md#polling

Prefect 3.9.1's rule for a worker of one pool, with queue priorities respected:

1. a paused pool hands out nothing, a paused queue nothing;
2. candidates are SCHEDULED runs of the pool's (chosen) queues, joined by
   ``work_queue_id``, within ``scheduled_after``/``scheduled_before``, except
   runs retrying in process (``empirical_policy.retry_type = "in_process"``);
3. per queue, the earliest ``next_scheduled_start_time`` first, at most the
   queue's free slots (its limit less its PENDING and RUNNING runs);
4. across the pool, queues by priority, then earliest start, at most the
   pool's free slots (its limit less the PENDING and RUNNING runs of all its
   queues);
5. the first `limit` of that ranking.

Each answer is Prefect's ``WorkerFlowRunResponse``: pool id, queue id and
the run as Prefect's core ``FlowRun``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...api.route import Context
from ...query.selection import Selection
from ...timeutil import to_us
from ..flow_runs.render import core_flow_run

_SCHEDULED = frozenset({"SCHEDULED"})
#: states that hold a pool's or a queue's slot for a worker
_SLOT_STATES = frozenset({"PENDING", "RUNNING"})
#: Prefect's fallback when no limit applies (a bound parameter in its query)
_NO_LIMIT = 1000


def _busy(engine: Any, queue_ids: frozenset[str]) -> int:
    if not queue_ids:
        return 0
    return engine.count(Selection("flow_runs", match={"work_queue_id": queue_ids, "state_type": _SLOT_STATES}))


def _free(limit: int | None, busy: int) -> int:
    return _NO_LIMIT if limit is None else min(max(0, limit - busy), _NO_LIMIT)


def pool_runs(
    engine: Any,
    pool: Any,
    queues: list[Any],
    after: dt.datetime | None,
    before: dt.datetime | None,
    limit: int,
) -> list[tuple[Any, Any]]:
    """``(queue, run)`` pairs a worker of `pool` polling `queues` gets, in Prefect's order."""
    if pool.is_paused:
        return []
    all_queues = engine.matching(Selection("work_queues", match={"work_pool_id": frozenset({pool.id})}))
    pool_free = _free(pool.concurrency_limit, _busy(engine, frozenset(q.id for q in all_queues)))
    low = None if after is None else to_us(after)
    high = None if before is None else to_us(before)
    key = engine.dialect.order_key()
    ranked: list[tuple[Any, Any]] = []
    for queue in queues:
        if queue.is_paused:
            continue
        free = _free(
            queue.concurrency_limit, _busy(engine, frozenset({queue.id})) if queue.concurrency_limit is not None else 0
        )
        runs = [
            run
            for run in engine.matching(
                Selection("flow_runs", match={"work_queue_id": frozenset({queue.id}), "state_type": _SCHEDULED})
            )
            if _in_window(run.next_scheduled_start_time, low, high) and not _retrying_in_process(run)
        ]
        # ties on the start time keep the stored order (docs/semantics.md#tie-order)
        runs.sort(key=lambda run: (key(run.next_scheduled_start_time), run.seq))
        ranked.extend((queue, run) for run in runs[:free])
    ranked.sort(key=lambda pair: (pair[0].priority, key(pair[1].next_scheduled_start_time), pair[1].seq))
    return ranked[: min(pool_free, limit)]


def _in_window(when: int | None, low: int | None, high: int | None) -> bool:
    if low is None and high is None:
        return True
    return when is not None and (low is None or when >= low) and (high is None or when <= high)


def _retrying_in_process(run: Any) -> bool:
    policy = run.empirical_policy
    return isinstance(policy, dict) and policy.get("retry_type") == "in_process"


def worker_flow_run(ctx: Context, pool: Any, queue: Any, run: Any) -> dict[str, Any]:
    """A ``WorkerFlowRunResponse``."""
    return {"work_pool_id": pool.id, "work_queue_id": queue.id, "flow_run": core_flow_run(ctx, run)}


__all__ = ["pool_runs", "worker_flow_run"]
