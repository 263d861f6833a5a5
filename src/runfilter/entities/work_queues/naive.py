"""A ``work_queues`` filter read record by record: the naive engine's reference reading."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import WorkQueueFilter


def _name(engine: Any, q: Any, sub: Any) -> Any:
    checks: list[Any] = n.in_(q.name, sub.any_)
    if sub.startswith_ is not None:
        prefixes = sub.startswith_
        checks.append(any(n.like(engine.dialect, q.name, p, prefix=True) for p in prefixes) if prefixes else n.GONE)
    return n.leaf(checks)


_RULES = {"id": n.id_rule, "name": _name}


def evaluate(engine: Any, q: Any, m: WorkQueueFilter) -> Any:
    """Evaluate a ``WorkQueueFilter`` on one work queue: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, q, m, _RULES))
