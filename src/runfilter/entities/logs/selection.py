"""Which logs a ``/logs/filter`` body selects (its ``logs`` filter), compiled and naive."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.ir import Cond
from ...query.ir import where as where_all
from . import naive as logs_naive
from .conditions import log_filter

#: The filter keys a log selection takes.
FILTER_KEYS = ("logs",)


def where(logs: Any = None) -> Cond:
    """Logs matching ``logs``, as one condition."""
    return where_all([] if logs is None else [log_filter(logs)])


def matches(engine: Any, x: Any, logs: Any = None) -> bool:
    """A log satisfies the filter (the naive reading)."""
    return logs is None or n.truth(logs_naive.evaluate(engine, x, logs))
