"""A ``work_queues`` / ``work_pool_queues`` filter compiled to the condition IR, one rule per field.

docs/semantics.md#pool-and-queue-fields
"""

from __future__ import annotations

from typing import Any

from ...query.compile import any_of, combined, compile_fields, id_filter, leaf
from ...query.ir import VANISH, Cond, Like, combine
from .filters import WorkQueueFilter


def _name(sub: Any) -> Cond:
    conds = any_of("name", sub.any_)
    if sub.startswith_ is not None:
        # an OR of ILIKE 'prefix%' terms; with no terms SQLAlchemy renders
        # nothing at all, so the condition vanishes instead of being TRUE
        prefixes = [Like("name", f"{p}%") for p in sub.startswith_]
        conds.append(combine(prefixes, use_or=True) if prefixes else VANISH)
    return leaf(conds)


_RULES = {"id": id_filter, "name": _name}


def work_queue_filter(m: WorkQueueFilter) -> Cond:
    """``work_queues`` / ``work_pool_queues`` → a condition on work queues."""
    return combined(m, compile_fields(m, _RULES))
