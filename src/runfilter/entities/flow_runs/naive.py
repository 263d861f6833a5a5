"""A ``flow_runs`` filter read record by record: the naive engine's reference reading.

docs/semantics.md#flow-run-fields
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ..runs.naive import state
from .filters import FlowRunFilter


def evaluate(engine: Any, r: Any, m: FlowRunFilter) -> Any:
    """Evaluate a ``FlowRunFilter`` on one flow run: True, False, EMPTY or GONE."""
    parts = []
    if m.id is not None:
        parts.append(n.ids(r.id, m.id))
    if m.name is not None:
        parts.append(n.names(engine.dialect, r.name, m.name))
    if m.tags is not None:
        parts.append(n.op(m.tags, n.tags(r.tags, m.tags)))
    if m.deployment_id is not None:
        d = m.deployment_id
        parts.append(n.op(d, n.in_(r.deployment_id, d.any_) + n.is_null(r.deployment_id, d.is_null_)))
    if m.work_queue_name is not None:
        q = m.work_queue_name
        parts.append(n.op(q, n.in_(r.work_queue_name, q.any_) + n.is_null(r.work_queue_name, q.is_null_)))
    if m.state is not None:
        parts.append(state(r, m.state, with_not_any=True))
    if m.flow_version is not None:
        parts.append(n.leaf(n.in_(r.flow_version, m.flow_version.any_)))
    if m.start_time is not None:
        s = m.start_time
        coalesced = r.start_time if r.start_time is not None else r.expected_start_time
        parts.append(n.leaf(n.time(coalesced, s.before_, s.after_) + n.is_null(r.start_time, s.is_null_)))
    if m.end_time is not None:
        e = m.end_time
        parts.append(n.leaf(n.time(r.end_time, e.before_, e.after_) + n.is_null(r.end_time, e.is_null_)))
    if m.expected_start_time is not None:
        e = m.expected_start_time
        parts.append(n.leaf(n.time(r.expected_start_time, e.before_, e.after_)))
    if m.next_scheduled_start_time is not None:
        e = m.next_scheduled_start_time
        parts.append(n.leaf(n.time(r.next_scheduled_start_time, e.before_, e.after_)))
    if m.parent_flow_run_id is not None:
        p = m.parent_flow_run_id
        sub = []
        if p.any_ is not None:
            parent = engine.t["task_runs"].get(r.parent_task_run_id) if r.parent_task_run_id else None
            sub.append(parent is not None and parent.flow_run_id in {str(x) for x in p.any_})
        parts.append(n.op(p, sub))
    if m.parent_task_run_id is not None:
        p = m.parent_task_run_id
        parts.append(n.op(p, n.in_(r.parent_task_run_id, p.any_) + n.is_null(r.parent_task_run_id, p.is_null_)))
    if m.idempotency_key is not None:
        k = m.idempotency_key
        parts.append(n.leaf(n.in_(r.idempotency_key, k.any_) + n.not_in(r.idempotency_key, k.not_any_)))
    if m.created_by is not None:
        c, who = m.created_by, r.created_by
        sub = []
        if c.id_ is not None:
            sub.append(who is not None and who.get("id") in {str(x) for x in c.id_})
        if c.type_ is not None:
            sub.append(who is not None and who.get("type") in c.type_)
        sub += n.is_null(who, c.is_null_)
        parts.append(n.op(c, sub))
    return n.op(m, parts)
