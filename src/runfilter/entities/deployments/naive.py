"""A ``deployments`` filter read record by record: the naive engine's reference reading.

docs/semantics.md#deployment-fields
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import DeploymentFilter


def _flow_or_deployment_name(engine: Any, d: Any, sub: Any) -> Any:
    text = sub.like_
    if not text:
        return n.leaf([])
    flow = engine.t["flows"].get(d.flow_id)
    on_flow = flow is not None and n.like(engine.dialect, flow.name, text)
    return n.leaf([n.like(engine.dialect, d.name, text) or on_flow])


def _paused(engine: Any, d: Any, sub: Any) -> Any:
    return n.leaf([] if sub.eq_ is None else [d.paused == sub.eq_])


# concurrency_limit: accepted, ignored
_RULES = {
    "id": n.id_rule,
    "name": n.name_rule,
    "flow_or_deployment_name": _flow_or_deployment_name,
    "paused": _paused,
    "tags": n.tag_rule,
    "work_queue_name": n.strings_rule("work_queue_name"),
}


def evaluate(engine: Any, d: Any, m: DeploymentFilter) -> Any:
    """Evaluate a ``DeploymentFilter`` on one deployment: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, d, m, _RULES))
