"""A ``flow_runs`` filter compiled to the condition IR (docs/semantics.md#flow-run-fields)."""

from __future__ import annotations

from ...query.compile import any_of, bounds, combined, ids, is_null, leaf, like, none_of, tags
from ...query.ir import FALSE, Cond, In, JsonKeyIn, Related
from ..runs.conditions import require_bindable_bounds, state
from .filters import FlowRunFilter


def _states(values: list) -> frozenset[str]:
    return frozenset(x.value for x in values)


def flow_run_filter(m: FlowRunFilter) -> Cond:
    """``flow_runs`` → a condition on flow runs."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(leaf(any_of("id", m.id.any_, ids) + none_of("id", m.id.not_any_, ids)))
    if m.name is not None:
        conds.append(leaf(any_of("name", m.name.any_) + like("name", m.name.like_)))
    if m.tags is not None:
        conds.append(combined(m.tags, tags(m.tags, has_any=True)))
    if m.deployment_id is not None:
        d = m.deployment_id
        conds.append(combined(d, any_of("deployment_id", d.any_, ids) + is_null("deployment_id", d.is_null_)))
    if m.work_queue_name is not None:
        w = m.work_queue_name
        conds.append(combined(w, any_of("work_queue_name", w.any_) + is_null("work_queue_name", w.is_null_)))
    if m.state is not None:
        s = m.state
        type_conds = (
            None
            if s.type is None
            else (any_of("state_type", s.type.any_, _states) + none_of("state_type", s.type.not_any_, _states))
        )
        name_conds = (
            None if s.name is None else (any_of("state_name", s.name.any_) + none_of("state_name", s.name.not_any_))
        )
        conds.append(state(s, type_conds, name_conds))
    if m.flow_version is not None:
        conds.append(leaf(any_of("flow_version", m.flow_version.any_)))
    if m.start_time is not None:
        t = m.start_time
        # bounds read coalesce(start_time, expected_start_time); is_null_ reads start_time alone
        conds.append(leaf(bounds("start_or_expected", t.before_, t.after_) + is_null("start_time", t.is_null_)))
    if m.end_time is not None:
        t = m.end_time
        conds.append(leaf(bounds("end_time", t.before_, t.after_) + is_null("end_time", t.is_null_)))
    if m.expected_start_time is not None:
        t = m.expected_start_time
        conds.append(leaf(bounds("expected_start_time", t.before_, t.after_)))
    if m.next_scheduled_start_time is not None:
        t = m.next_scheduled_start_time
        conds.append(leaf(bounds("next_scheduled_start_time", t.before_, t.after_)))
    if m.parent_flow_run_id is not None:
        p = m.parent_flow_run_id
        sub = (
            []
            if p.any_ is None
            else [Related("flow_run.parent_task_run", In("flow_run_id", ids(p.any_))) if p.any_ else FALSE]
        )
        conds.append(combined(p, sub))
    if m.parent_task_run_id is not None:
        p = m.parent_task_run_id
        parent = any_of("parent_task_run_id", p.any_, ids) + is_null("parent_task_run_id", p.is_null_)
        conds.append(combined(p, parent))
    if m.idempotency_key is not None:
        k = m.idempotency_key
        conds.append(leaf(any_of("idempotency_key", k.any_) + none_of("idempotency_key", k.not_any_)))
    if m.created_by is not None:
        c = m.created_by
        sub = []
        if c.id_ is not None:
            sub.append(JsonKeyIn("created_by", "id", ids(c.id_)) if c.id_ else FALSE)
        if c.type_ is not None:
            sub.append(JsonKeyIn("created_by", "type", frozenset(c.type_)) if c.type_ else FALSE)
        sub += is_null("created_by", c.is_null_)
        conds.append(combined(c, sub))
    require_bindable_bounds(m, conds)
    return combined(m, conds)
