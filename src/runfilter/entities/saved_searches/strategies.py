"""Hypothesis strategies for saved searches: records (Prefect has no saved-search filter)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import instants, iso, record_id

#: Saved-search names (any text: case variants sort apart).
NAMES = ("Failed runs", "failed runs", "Prod", "nightly", "Zeta", "é", "")
#: Filters as the UI saves them.
FILTERS = (
    {"object": "flow_run", "property": "state", "type": "string", "operation": "equals", "value": "FAILED"},
    {"object": "flow", "property": "tags", "type": "tag", "operation": "and", "value": ["prod"]},
    {"object": "flow_run", "property": "start_time", "type": "date", "operation": "newer", "value": None},
)
#: Fields no filter reads but every response prints.
EXTRAS: dict[str, Any] = {}
#: Saved searches have no filter class.
FILTER_SPEC = None
VOCABULARY: dict[str, Any] = {}
POOLS: dict[str, tuple[str, ...]] = {}


@st.composite
def saved_searches(draw: st.DrawFn, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One saved-search item; shrinks toward no filters."""
    created = draw(instants())
    return {
        "id": record_id("saved_searches", index, draw(st.integers(0, 2**16))),
        "name": draw(st.sampled_from(NAMES)) if name is None else name,
        "filters": draw(st.lists(st.sampled_from(FILTERS), max_size=2)),
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=draw(st.integers(0, 3)))),
    }
