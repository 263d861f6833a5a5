"""Which saved searches a route selects: all of them (Prefect has no saved-search filter)."""

from __future__ import annotations

from typing import Any

from ...query.ir import Cond
from ...query.ir import where as where_all

#: The filter keys a saved-search selection takes: none.
FILTER_KEYS: tuple[str, ...] = ()


def where() -> Cond:
    """Every saved search, as one condition."""
    return where_all([])


def matches(engine: Any, x: Any) -> bool:
    """Every saved search matches (the naive reading)."""
    return True
