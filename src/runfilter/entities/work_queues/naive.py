"""A ``work_queues`` filter read record by record: the naive engine's reference reading."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import WorkQueueFilter


def evaluate(engine: Any, q: Any, m: WorkQueueFilter) -> Any:
    """Evaluate a ``WorkQueueFilter`` on one work queue: True, False, EMPTY or GONE."""
    parts = []
    if m.id is not None:
        parts.append(n.leaf(n.in_(q.id, m.id.any_)))
    if m.name is not None:
        sub: list[Any] = n.in_(q.name, m.name.any_)
        if m.name.startswith_ is not None:
            prefixes = m.name.startswith_
            sub.append(any(n.like(engine.dialect, q.name, p, prefix=True) for p in prefixes) if prefixes else n.GONE)
        parts.append(n.leaf(sub))
    return n.op(m, parts)
