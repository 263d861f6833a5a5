"""Which work pools a ``/work_pools/*`` body selects (its ``work_pools`` filter), compiled and naive."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.ir import Cond
from ...query.ir import where as where_all
from . import naive as work_pools_naive
from .conditions import work_pool_filter

#: The filter keys a work-pool selection takes.
FILTER_KEYS = ("work_pools",)


def where(work_pools: Any = None) -> Cond:
    """Work pools matching ``work_pools``, as one condition."""
    return where_all([] if work_pools is None else [work_pool_filter(work_pools)])


def matches(engine: Any, x: Any, work_pools: Any = None) -> bool:
    """A work pool satisfies the filter (the naive reading)."""
    return work_pools is None or n.truth(work_pools_naive.evaluate(engine, x, work_pools))
