"""A ``work_pools`` filter read record by record: the naive engine's reference reading."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import WorkPoolFilter


def evaluate(engine: Any, p: Any, m: WorkPoolFilter) -> Any:
    """Evaluate a ``WorkPoolFilter`` on one work pool: True, False, EMPTY or GONE."""
    parts = []
    if m.id is not None:
        parts.append(n.leaf(n.in_(p.id, m.id.any_)))
    if m.name is not None:
        parts.append(n.leaf(n.in_(p.name, m.name.any_)))
    if m.type is not None:
        parts.append(n.leaf(n.in_(p.type, m.type.any_)))
    return n.op(m, parts)
