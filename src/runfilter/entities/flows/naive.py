"""A ``flows`` filter read record by record: the naive engine's reference reading (docs/semantics.md#flow-fields)."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import FlowFilter


def evaluate(engine: Any, flow: Any, m: FlowFilter) -> Any:
    """Evaluate a ``FlowFilter`` on one flow: True, False, EMPTY or GONE."""
    parts = []
    if m.id is not None:
        parts.append(n.ids(flow.id, m.id))
    if m.deployment is not None:
        sub = []
        if m.deployment.is_null_ is not None:
            has = any(d.flow_id == flow.id for d in engine.t["deployments"].values())
            sub.append(has != m.deployment.is_null_)
        parts.append(n.op(m.deployment, sub))
    if m.name is not None:
        parts.append(n.names(engine.dialect, flow.name, m.name))
    if m.tags is not None:
        parts.append(n.op(m.tags, n.tags(flow.tags, m.tags)))
    return n.op(m, parts)
