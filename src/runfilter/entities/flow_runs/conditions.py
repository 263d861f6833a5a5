"""A ``flow_runs`` filter compiled to the condition IR, one rule per field (docs/semantics.md#flow-run-fields)."""

from __future__ import annotations

from typing import Any

from ...query.compile import (
    combined,
    compile_fields,
    id_filter,
    ids,
    is_null,
    name_filter,
    nullable,
    strings,
    tag_rule,
    time_range,
)
from ...query.ir import FALSE, Cond, In, JsonKeyIn, Related
from ..runs.conditions import require_bindable_bounds, state_rule
from .filters import FlowRunFilter


def _parent_flow_run_id(sub: Any) -> Cond:
    # subflows of the listed runs: the parent task run belongs to one of them
    if sub.any_ is None:
        return combined(sub, [])
    return combined(sub, [Related("flow_run.parent_task_run", In("flow_run_id", ids(sub.any_))) if sub.any_ else FALSE])


def _created_by(sub: Any) -> Cond:
    conds: list[Cond] = []
    if sub.id_ is not None:
        conds.append(JsonKeyIn("created_by", "id", ids(sub.id_)) if sub.id_ else FALSE)
    if sub.type_ is not None:
        conds.append(JsonKeyIn("created_by", "type", frozenset(sub.type_)) if sub.type_ else FALSE)
    return combined(sub, conds + is_null("created_by", sub.is_null_))


_RULES = {
    "id": id_filter,
    "name": name_filter,
    "tags": tag_rule(has_any=True),
    "deployment_id": nullable("deployment_id", ids),
    "work_queue_name": nullable("work_queue_name"),
    "state": state_rule(with_not_any=True),
    "flow_version": strings("flow_version"),
    # bounds read coalesce(start_time, expected_start_time); is_null_ reads start_time alone
    "start_time": time_range("start_or_expected", null_field="start_time"),
    "end_time": time_range("end_time"),
    "expected_start_time": time_range("expected_start_time"),
    "next_scheduled_start_time": time_range("next_scheduled_start_time"),
    "parent_flow_run_id": _parent_flow_run_id,
    "parent_task_run_id": nullable("parent_task_run_id", ids),
    "idempotency_key": strings("idempotency_key"),
    "created_by": _created_by,
}


def flow_run_filter(m: FlowRunFilter) -> Cond:
    """``flow_runs`` → a condition on flow runs."""
    conds = compile_fields(m, _RULES)
    require_bindable_bounds(m, conds)
    return combined(m, conds)
