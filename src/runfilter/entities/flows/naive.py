"""A ``flows`` filter read record by record: the naive engine's reference reading (docs/semantics.md#flow-fields)."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import FlowFilter


def _deployment(engine: Any, flow: Any, sub: Any) -> Any:
    checks = []
    if sub.is_null_ is not None:
        has = any(d.flow_id == flow.id for d in engine.t["deployments"].values())
        checks.append(has != sub.is_null_)
    return n.op(sub, checks)


_RULES = {"id": n.id_rule, "deployment": _deployment, "name": n.name_rule, "tags": n.tag_rule}


def evaluate(engine: Any, flow: Any, m: FlowFilter) -> Any:
    """Evaluate a ``FlowFilter`` on one flow: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, flow, m, _RULES))
