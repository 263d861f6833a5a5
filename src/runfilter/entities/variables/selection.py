"""Which variables a variable route's body selects (its ``variables`` filter), compiled and naive."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.ir import Cond
from ...query.ir import where as where_all
from . import naive as variables_naive
from .conditions import variable_filter

#: The filter keys a variable selection takes.
FILTER_KEYS = ("variables",)


def where(variables: Any = None) -> Cond:
    """Variables matching ``variables``, as one condition."""
    return where_all([] if variables is None else [variable_filter(variables)])


def matches(engine: Any, x: Any, variables: Any = None) -> bool:
    """A variable satisfies the filter (the naive reading)."""
    return variables is None or n.truth(variables_naive.evaluate(engine, x, variables))
