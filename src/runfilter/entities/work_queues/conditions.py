"""A ``work_queues`` / ``work_pool_queues`` filter compiled to the condition IR.

docs/semantics.md#pool-and-queue-fields
"""

from __future__ import annotations

from ...query.compile import any_of, combined, ids, leaf
from ...query.ir import VANISH, Cond, Like, combine
from .filters import WorkQueueFilter


def work_queue_filter(m: WorkQueueFilter) -> Cond:
    """``work_queues`` / ``work_pool_queues`` → a condition on work queues."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(leaf(any_of("id", m.id.any_, ids)))
    if m.name is not None:
        sub = any_of("name", m.name.any_)
        if m.name.startswith_ is not None:
            # an OR of ILIKE 'prefix%' terms; with no terms SQLAlchemy renders
            # nothing at all, so the condition vanishes instead of being TRUE
            prefixes = [Like("name", f"{p}%") for p in m.name.startswith_]
            sub.append(combine(prefixes, use_or=True) if prefixes else VANISH)
        conds.append(leaf(sub))
    return combined(m, conds)
