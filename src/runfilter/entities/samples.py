"""What every kind's Hypothesis strategies share: the frozen clock, the time grid, ids, tags.

Imported by the kinds' ``strategies.py`` and by :mod:`runfilter.strategies`
only; it needs Hypothesis (the ``test`` extra). Values come from small
pools on a coarse time grid, so that ties, shared tags and exact bound hits
are common.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

UTC = dt.UTC
#: The frozen clock generated data are built around: pass it as ``now`` to the store and the oracle.
NOW = dt.datetime(2026, 10, 4, tzinfo=UTC)
#: First instant of the time grid; the grid has hourly points over :data:`GRID_HOURS` hours.
GRID_START = dt.datetime(2026, 10, 1, tzinfo=UTC)
GRID_HOURS = 120
#: Offsets added to some grid instants so that bounds, ms rounding and µs comparisons get hit.
MICRO_OFFSETS_US = (1, -1, 500, 999_999, 1_000, 499)
#: Tags of every kind that has them.
TAGS = ("etl", "ETL", "prod", "dev", "nightly", "", "a_b", "a%b", "é")
#: Instants, labels and creators of the response-only fields (:func:`extras`).
EXTRA_INSTANTS = ("2026-10-01T00:00:00Z", "2026-10-02T12:00:00.250000Z", None)
EXTRA_LABELS = st.sampled_from(({"team": "data"}, {"n": 1, "f": 1.5, "ok": True}, {}, None))
EXTRA_CREATOR = st.sampled_from(
    (
        None,
        {"id": "00000000-0000-4000-8000-00000000abcd", "type": "USER", "display_value": "me"},
        {"type": "AUTOMATION"},
    )
)
#: The id code of each kind (its place in the registry, fixed here so that ids never change with it).
_KIND_CODES = {
    "flows": 1,
    "work_pools": 2,
    "work_queues": 3,
    "deployments": 4,
    "flow_runs": 5,
    "task_runs": 6,
    "logs": 0x1302,  # issue 13, item 2: clear of the codes other new kinds pick
    "variables": 0x10,
    "saved_searches": 0x11,
    "flow_run_inputs": 0x12,
    "artifacts": 7,
    "workers": 0x1303,  # issue 13, item 3: clear of the codes other new kinds pick (artifacts took 7)
    "automations": 0xA7,
}


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with ``Z`` (the dataset format), or None."""
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def record_id(kind: str, index: int, salt: int = 0) -> str:
    """A reproducible, unique id: the kind and index decide uniqueness, the salt decides sort order."""
    return f"{salt:08x}-{_KIND_CODES[kind]:04x}-4000-8000-{index:012x}"


@st.composite
def instants(draw: st.DrawFn, micro: bool = True) -> dt.datetime:
    """An instant on the hourly grid, sometimes shifted by a few µs; shrinks toward :data:`GRID_START`."""
    value = GRID_START + dt.timedelta(hours=draw(st.integers(0, GRID_HOURS)))
    if micro and draw(st.integers(0, 5)) == 5:
        value += dt.timedelta(microseconds=draw(st.sampled_from(MICRO_OFFSETS_US)))
    return value


def tag_lists() -> st.SearchStrategy[list[str]]:
    """Up to three tags (repeats allowed); shrinks toward none."""
    return st.lists(st.sampled_from(TAGS), max_size=3)


def maybe(strategy: st.SearchStrategy[Any], nulls: bool) -> st.SearchStrategy[Any]:
    """`strategy`, or sometimes None when `nulls` (shrinks toward the value)."""
    return st.one_of(strategy, st.none()) if nulls else strategy


def extras(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of a kind's optional fields that no filter reads but every response prints; shrinks toward ``{}``."""
    return st.fixed_dictionaries({}, optional=fields)
