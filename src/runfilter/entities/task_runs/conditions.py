"""A ``task_runs`` filter compiled to the condition IR, one rule per field (docs/semantics.md#task-run-fields)."""

from __future__ import annotations

from typing import Any

from ...query.compile import any_of, combined, compile_fields, id_filter, ids, leaf, name_filter, tag_rule, time_range
from ...query.ir import TRUE, AnyRelated, Cond, IsNull, Not
from ..runs.conditions import require_bindable_bounds, state_rule
from .filters import TaskRunFilter


def _subflow_runs(sub: Any) -> Cond:
    has_subflow = AnyRelated("task_run.subflow_runs", TRUE)
    return leaf([] if sub.exists_ is None else [has_subflow if sub.exists_ else Not(has_subflow)])


def _flow_run_id(sub: Any) -> Cond:
    # TaskRunFilterFlowRunId: is_null_ defaults to False; is_null_=True wins
    # over any_; the operator field never matters (one condition at most).
    if sub.is_null_ is True:
        return combined(sub, [IsNull("flow_run_id", True)])
    if sub.is_null_ is False and sub.any_ is None:
        return combined(sub, [IsNull("flow_run_id", False)])
    return combined(sub, any_of("flow_run_id", sub.any_, ids))


_RULES = {
    "id": id_filter,
    "name": name_filter,
    "tags": tag_rule(has_any=False),
    "state": state_rule(with_not_any=False),
    # bounds on the fields themselves: no coalesce on task runs
    "start_time": time_range("start_time"),
    "end_time": time_range("end_time"),
    "expected_start_time": time_range("expected_start_time"),
    "subflow_runs": _subflow_runs,
    "flow_run_id": _flow_run_id,
}


def task_run_filter(m: TaskRunFilter) -> Cond:
    """``task_runs`` → a condition on task runs."""
    conds = compile_fields(m, _RULES)
    require_bindable_bounds(m, conds)
    return combined(m, conds)
