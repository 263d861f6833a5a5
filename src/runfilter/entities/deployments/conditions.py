"""A ``deployments`` filter compiled to the condition IR (docs/semantics.md#deployment-fields)."""

from __future__ import annotations

from ...query.compile import any_of, combined, ids, leaf, like, none_of, tags
from ...query.ir import Cond, Equals, Like, Or, Related
from .filters import DeploymentFilter


def deployment_filter(m: DeploymentFilter) -> Cond:
    """``deployments`` → a condition on deployments."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(leaf(any_of("id", m.id.any_, ids) + none_of("id", m.id.not_any_, ids)))
    if m.name is not None:
        conds.append(leaf(any_of("name", m.name.any_) + like("name", m.name.like_)))
    if m.flow_or_deployment_name is not None:
        text = m.flow_or_deployment_name.like_
        sub = [Or((Like("name", f"%{text}%"), Related("deployment.flow", Like("name", f"%{text}%"))))] if text else []
        conds.append(leaf(sub))
    if m.paused is not None:
        conds.append(leaf([] if m.paused.eq_ is None else [Equals("paused", m.paused.eq_)]))
    if m.tags is not None:
        conds.append(combined(m.tags, tags(m.tags, has_any=True)))
    if m.work_queue_name is not None:
        conds.append(leaf(any_of("work_queue_name", m.work_queue_name.any_)))
    # m.concurrency_limit is accepted and ignored entirely (deprecated in Prefect):
    # it does not even contribute a TRUE that could poison an or_.
    return combined(m, conds)
