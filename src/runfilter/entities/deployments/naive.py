"""A ``deployments`` filter read record by record: the naive engine's reference reading
(docs/semantics.md#deployment-fields)."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import DeploymentFilter


def evaluate(engine: Any, d: Any, m: DeploymentFilter) -> Any:
    """Evaluate a ``DeploymentFilter`` on one deployment: True, False, EMPTY or GONE."""
    parts = []
    if m.id is not None:
        parts.append(n.ids(d.id, m.id))
    if m.name is not None:
        parts.append(n.names(engine.dialect, d.name, m.name))
    if m.flow_or_deployment_name is not None:
        text = m.flow_or_deployment_name.like_
        sub = []
        if text:
            flow = engine.t["flows"].get(d.flow_id)
            on_flow = flow is not None and n.like(engine.dialect, flow.name, text)
            sub.append(n.like(engine.dialect, d.name, text) or on_flow)
        parts.append(n.leaf(sub))
    if m.paused is not None:
        parts.append(n.leaf([] if m.paused.eq_ is None else [d.paused == m.paused.eq_]))
    if m.tags is not None:
        parts.append(n.op(m.tags, n.tags(d.tags, m.tags)))
    if m.work_queue_name is not None:
        parts.append(n.leaf(n.in_(d.work_queue_name, m.work_queue_name.any_)))
    return n.op(m, parts)  # concurrency_limit: accepted, ignored
