"""A ``task_runs`` filter read record by record: the naive engine's reference reading.

docs/semantics.md#task-run-fields
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ..runs.naive import state_rule
from .filters import TaskRunFilter


def _subflow_runs(engine: Any, t: Any, sub: Any) -> Any:
    checks = []
    if sub.exists_ is not None:
        has = any(r.parent_task_run_id == t.id for r in engine.t["flow_runs"].values())
        checks.append(has == sub.exists_)
    return n.leaf(checks)


def _flow_run_id(engine: Any, t: Any, sub: Any) -> Any:
    if sub.is_null_ is True:
        checks = [t.flow_run_id is None]
    elif sub.is_null_ is False and sub.any_ is None:
        checks = [t.flow_run_id is not None]
    else:
        checks = n.in_(t.flow_run_id, sub.any_)
    return n.op(sub, checks)


_RULES = {
    "id": n.id_rule,
    "name": n.name_rule,
    "tags": n.tag_rule,
    "state": state_rule(with_not_any=False),
    "start_time": n.time_rule("start_time"),
    "end_time": n.time_rule("end_time"),
    "expected_start_time": n.time_rule("expected_start_time"),
    "subflow_runs": _subflow_runs,
    "flow_run_id": _flow_run_id,
}


def evaluate(engine: Any, t: Any, m: TaskRunFilter) -> Any:
    """Evaluate a ``TaskRunFilter`` on one task run: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, t, m, _RULES))
