"""A ``flows`` filter compiled to the condition IR, one rule per field (docs/semantics.md#flow-fields)."""

from __future__ import annotations

from typing import Any

from ...query.compile import combined, compile_fields, id_filter, name_filter, tag_rule
from ...query.ir import TRUE, AnyRelated, Cond, Not
from .filters import FlowFilter


def _deployment(sub: Any) -> Cond:
    # is_null_: the flow has no deployment (a NOT EXISTS), or has one
    has_deployment = AnyRelated("flow.deployments", TRUE)
    conds = [] if sub.is_null_ is None else [Not(has_deployment) if sub.is_null_ else has_deployment]
    return combined(sub, conds)


_RULES = {"id": id_filter, "deployment": _deployment, "name": name_filter, "tags": tag_rule(has_any=False)}


def flow_filter(m: FlowFilter) -> Cond:
    """``flows`` → a condition on flows."""
    return combined(m, compile_fields(m, _RULES))
