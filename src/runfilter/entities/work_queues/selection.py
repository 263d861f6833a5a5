"""Which work queues a queue route's body selects (its ``work_queues`` filter), compiled and naive."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.ir import Cond
from ...query.ir import where as where_all
from . import naive as work_queues_naive
from .conditions import work_queue_filter

#: The filter keys a work-queue selection takes.
FILTER_KEYS = ("work_queues",)


def where(work_queues: Any = None) -> Cond:
    """Work queues matching ``work_queues``, as one condition."""
    return where_all([] if work_queues is None else [work_queue_filter(work_queues)])


def matches(engine: Any, x: Any, work_queues: Any = None) -> bool:
    """A work queue satisfies the filter (the naive reading)."""
    return work_queues is None or n.truth(work_queues_naive.evaluate(engine, x, work_queues))
