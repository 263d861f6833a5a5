"""A ``task_runs`` filter read record by record: the naive engine's reference reading.

docs/semantics.md#task-run-fields
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ..runs.naive import state
from .filters import TaskRunFilter


def evaluate(engine: Any, t: Any, m: TaskRunFilter) -> Any:
    """Evaluate a ``TaskRunFilter`` on one task run: True, False, EMPTY or GONE."""
    parts = []
    if m.id is not None:
        parts.append(n.leaf(n.in_(t.id, m.id.any_)))
    if m.name is not None:
        parts.append(n.names(engine.dialect, t.name, m.name))
    if m.tags is not None:
        parts.append(n.op(m.tags, n.tags(t.tags, m.tags)))
    if m.state is not None:
        parts.append(state(t, m.state, with_not_any=False))
    if m.start_time is not None:
        s = m.start_time
        parts.append(n.leaf(n.time(t.start_time, s.before_, s.after_) + n.is_null(t.start_time, s.is_null_)))
    if m.end_time is not None:
        e = m.end_time
        parts.append(n.leaf(n.time(t.end_time, e.before_, e.after_) + n.is_null(t.end_time, e.is_null_)))
    if m.expected_start_time is not None:
        e = m.expected_start_time
        parts.append(n.leaf(n.time(t.expected_start_time, e.before_, e.after_)))
    if m.subflow_runs is not None:
        sub = []
        if m.subflow_runs.exists_ is not None:
            has = any(r.parent_task_run_id == t.id for r in engine.t["flow_runs"].values())
            sub.append(has == m.subflow_runs.exists_)
        parts.append(n.leaf(sub))
    if m.flow_run_id is not None:
        q = m.flow_run_id
        if q.is_null_ is True:
            sub = [t.flow_run_id is None]
        elif q.is_null_ is False and q.any_ is None:
            sub = [t.flow_run_id is not None]
        else:
            sub = n.in_(t.flow_run_id, q.any_)
        parts.append(n.op(q, sub))
    return n.op(m, parts)
