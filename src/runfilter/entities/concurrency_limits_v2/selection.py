"""Which concurrency limits a route selects: all of them (Prefect's limit routes take no filter body)."""

from __future__ import annotations

from typing import Any

from ...query.ir import Cond
from ...query.ir import where as where_all

#: The filter keys a concurrency-limit selection takes: none.
FILTER_KEYS: tuple[str, ...] = ()


def where() -> Cond:
    """Every limit, as one condition (a route's ``match`` narrows it: a name, an id)."""
    return where_all([])


def matches(engine: Any, x: Any) -> bool:
    """Every limit matches (the naive reading)."""
    return True
