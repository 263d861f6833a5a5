"""A ``flows`` filter compiled to the condition IR (docs/semantics.md#flow-fields)."""

from __future__ import annotations

from ...query.compile import any_of, combined, ids, leaf, like, none_of, tags
from ...query.ir import TRUE, AnyRelated, Cond, Not
from .filters import FlowFilter


def flow_filter(m: FlowFilter) -> Cond:
    """``flows`` → a condition on flows."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(leaf(any_of("id", m.id.any_, ids) + none_of("id", m.id.not_any_, ids)))
    if m.deployment is not None:
        sub: list[Cond] = []
        if m.deployment.is_null_ is not None:
            has_deployment = AnyRelated("flow.deployments", TRUE)
            sub.append(Not(has_deployment) if m.deployment.is_null_ else has_deployment)
        conds.append(combined(m.deployment, sub))
    if m.name is not None:
        conds.append(leaf(any_of("name", m.name.any_) + like("name", m.name.like_)))
    if m.tags is not None:
        conds.append(combined(m.tags, tags(m.tags, has_any=False)))
    return combined(m, conds)
