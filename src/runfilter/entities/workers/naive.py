"""A ``workers`` filter read record by record: the naive engine's reference reading."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import WorkerFilter


def _status(engine: Any, w: Any, sub: Any) -> Any:
    def texts(values: Any) -> list[str] | None:
        return None if values is None else [v.value for v in values]

    return n.leaf(n.in_(w.status, texts(sub.any_)) + n.not_in(w.status, texts(sub.not_any_)))


_RULES = {"last_heartbeat_time": n.time_rule("last_heartbeat_time"), "status": _status}


def evaluate(engine: Any, w: Any, m: WorkerFilter) -> Any:
    """Evaluate a ``WorkerFilter`` on one worker: True, False or EMPTY."""
    return n.op(m, n.evaluate_fields(engine, w, m, _RULES))
