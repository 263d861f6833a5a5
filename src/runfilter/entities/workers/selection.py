"""Which workers a worker route's body selects (its ``workers`` filter), compiled and naive."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.ir import Cond
from ...query.ir import where as where_all
from . import naive as workers_naive
from .conditions import worker_filter

#: The filter keys a worker selection takes.
FILTER_KEYS = ("workers",)


def where(workers: Any = None) -> Cond:
    """Workers matching ``workers``, as one condition."""
    return where_all([] if workers is None else [worker_filter(workers)])


def matches(engine: Any, x: Any, workers: Any = None) -> bool:
    """A worker satisfies the filter (the naive reading)."""
    return workers is None or n.truth(workers_naive.evaluate(engine, x, workers))
