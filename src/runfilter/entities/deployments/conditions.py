"""A ``deployments`` filter compiled to the condition IR, one rule per field (docs/semantics.md#deployment-fields)."""

from __future__ import annotations

from typing import Any

from ...query.compile import combined, compile_fields, id_filter, leaf, name_filter, strings, tag_rule
from ...query.ir import Cond, Equals, Like, Or, Related
from .filters import DeploymentFilter


def _flow_or_deployment_name(sub: Any) -> Cond:
    # like_ on the deployment's name or its flow's; "" is ignored
    text = sub.like_
    pattern = f"%{text}%"
    return leaf([Or((Like("name", pattern), Related("deployment.flow", Like("name", pattern))))] if text else [])


def _paused(sub: Any) -> Cond:
    return leaf([] if sub.eq_ is None else [Equals("paused", sub.eq_)])


# concurrency_limit has no rule: accepted and ignored entirely (deprecated in Prefect)
_RULES = {
    "id": id_filter,
    "name": name_filter,
    "flow_or_deployment_name": _flow_or_deployment_name,
    "paused": _paused,
    "tags": tag_rule(has_any=True),
    "work_queue_name": strings("work_queue_name"),
}


def deployment_filter(m: DeploymentFilter) -> Cond:
    """``deployments`` → a condition on deployments."""
    return combined(m, compile_fields(m, _RULES))
