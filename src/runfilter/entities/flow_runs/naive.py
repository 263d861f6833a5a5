"""A ``flow_runs`` filter read record by record: the naive engine's reference reading.

docs/semantics.md#flow-run-fields
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ..runs.naive import state_rule
from .filters import FlowRunFilter


def _start_time(engine: Any, r: Any, sub: Any) -> Any:
    # bounds read coalesce(start_time, expected_start_time); is_null_ reads start_time alone
    coalesced = r.start_time if r.start_time is not None else r.expected_start_time
    return n.times(coalesced, sub, r.start_time, own_null=False)


def _parent_flow_run_id(engine: Any, r: Any, sub: Any) -> Any:
    checks = []
    if sub.any_ is not None:
        parent = engine.t["task_runs"].get(r.parent_task_run_id) if r.parent_task_run_id else None
        checks.append(parent is not None and parent.flow_run_id in {str(x) for x in sub.any_})
    return n.op(sub, checks)


def _created_by(engine: Any, r: Any, sub: Any) -> Any:
    who = r.created_by
    checks = []
    if sub.id_ is not None:
        checks.append(who is not None and who.get("id") in {str(x) for x in sub.id_})
    if sub.type_ is not None:
        checks.append(who is not None and who.get("type") in sub.type_)
    return n.op(sub, checks + n.is_null(who, sub.is_null_))


_RULES = {
    "id": n.id_rule,
    "name": n.name_rule,
    "tags": n.tag_rule,
    "deployment_id": n.nullable_rule("deployment_id"),
    "work_queue_name": n.nullable_rule("work_queue_name"),
    "state": state_rule(with_not_any=True),
    "flow_version": n.strings_rule("flow_version"),
    "start_time": _start_time,
    "end_time": n.time_rule("end_time"),
    "expected_start_time": n.time_rule("expected_start_time"),
    "next_scheduled_start_time": n.time_rule("next_scheduled_start_time"),
    "parent_flow_run_id": _parent_flow_run_id,
    "parent_task_run_id": n.nullable_rule("parent_task_run_id"),
    "idempotency_key": n.strings_rule("idempotency_key"),
    "created_by": _created_by,
}


def evaluate(engine: Any, r: Any, m: FlowRunFilter) -> Any:
    """Evaluate a ``FlowRunFilter`` on one flow run: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, r, m, _RULES))
