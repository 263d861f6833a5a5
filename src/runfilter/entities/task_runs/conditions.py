"""A ``task_runs`` filter compiled to the condition IR (docs/semantics.md#task-run-fields)."""

from __future__ import annotations

from ...query.compile import any_of, bounds, combined, ids, is_null, leaf, like, tags
from ...query.ir import TRUE, AnyRelated, Cond, IsNull, Not
from ..runs.conditions import require_bindable_bounds, state
from .filters import TaskRunFilter, TaskRunFilterFlowRunId


def _flow_run_id(m: TaskRunFilterFlowRunId) -> list[Cond]:
    # TaskRunFilterFlowRunId: is_null_ defaults to False; is_null_=True wins
    # over any_; the operator field never matters (one condition at most).
    if m.is_null_ is True:
        return [IsNull("flow_run_id", True)]
    if m.is_null_ is False and m.any_ is None:
        return [IsNull("flow_run_id", False)]
    return any_of("flow_run_id", m.any_, ids)


def task_run_filter(m: TaskRunFilter) -> Cond:
    """``task_runs`` → a condition on task runs."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(leaf(any_of("id", m.id.any_, ids)))
    if m.name is not None:
        conds.append(leaf(any_of("name", m.name.any_) + like("name", m.name.like_)))
    if m.tags is not None:
        conds.append(combined(m.tags, tags(m.tags, has_any=False)))
    if m.state is not None:
        s = m.state
        type_conds = (
            None if s.type is None else any_of("state_type", s.type.any_, lambda v: frozenset(x.value for x in v))
        )
        name_conds = None if s.name is None else any_of("state_name", s.name.any_)
        conds.append(state(s, type_conds, name_conds))
    if m.start_time is not None:
        t = m.start_time
        conds.append(leaf(bounds("start_time", t.before_, t.after_) + is_null("start_time", t.is_null_)))
    if m.end_time is not None:
        t = m.end_time
        conds.append(leaf(bounds("end_time", t.before_, t.after_) + is_null("end_time", t.is_null_)))
    if m.expected_start_time is not None:
        t = m.expected_start_time
        conds.append(leaf(bounds("expected_start_time", t.before_, t.after_)))
    if m.subflow_runs is not None:
        exists = m.subflow_runs.exists_
        has_subflow = AnyRelated("task_run.subflow_runs", TRUE)
        conds.append(leaf([] if exists is None else [has_subflow if exists else Not(has_subflow)]))
    if m.flow_run_id is not None:
        conds.append(combined(m.flow_run_id, _flow_run_id(m.flow_run_id)))
    require_bindable_bounds(m, conds)
    return combined(m, conds)
