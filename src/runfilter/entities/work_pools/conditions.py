"""A ``work_pools`` filter compiled to the condition IR (docs/semantics.md#pool-and-queue-fields)."""

from __future__ import annotations

from ...query.compile import any_of, combined, ids, leaf
from ...query.ir import Cond
from .filters import WorkPoolFilter


def work_pool_filter(m: WorkPoolFilter) -> Cond:
    """``work_pools`` → a condition on work pools."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(leaf(any_of("id", m.id.any_, ids)))
    if m.name is not None:
        conds.append(leaf(any_of("name", m.name.any_)))
    if m.type is not None:
        conds.append(leaf(any_of("type", m.type.any_)))
    return combined(m, conds)
