"""Which flow-run inputs a route selects: those of the path's run (``match``); Prefect has no input filter class."""

from __future__ import annotations

from typing import Any

from ...query.ir import Cond
from ...query.ir import where as where_all

#: The filter keys a flow-run-input selection takes: none (the routes select by run and key prefix).
FILTER_KEYS: tuple[str, ...] = ()


def where() -> Cond:
    """Every flow-run input, as one condition (the routes add the run with ``match``)."""
    return where_all([])


def matches(engine: Any, x: Any) -> bool:
    """Every flow-run input matches (the naive reading; the routes add the run with ``match``)."""
    return True
