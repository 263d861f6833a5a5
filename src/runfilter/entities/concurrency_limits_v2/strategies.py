"""Hypothesis strategies for concurrency limits: v1 (tag) and v2 (global) items; the routes take no filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import extras, instants, iso

#: Tags of v1 items (stored as ``tag:<tag>``; no / % & < >: Prefect's ``Name`` refuses them).
TAGS = ("db", "DB", "api", "my tag", "é", "", "a:b")
#: Names of v2 items: some sort before ``deployment:``, some are ``tag:`` rows, a UUID-shaped one.
NAMES = (
    "api",
    "Alpha",
    "_rate",
    "tag:db",
    "tag:Zeta",
    "zeta 9",
    "deployment:other",
    "00000000-0000-0000-0000-0000000000ff",
)
#: Fields of a v2 item no route reads back but that change what it holds.
EXTRAS = {
    "denied_slots": st.integers(0, 2),
    "avg_slot_occupancy_seconds": st.sampled_from((0.5, 2.0, 30.0)),
}
#: The routes take no filter body (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = None
#: Operand roles limit items feed (none: no filter reads them), and the pools that stand in without a dataset.
VOCABULARY: dict[str, Any] = {}
POOLS: dict[str, tuple[str, ...]] = {}
#: Decay rates: none, slow (Julian-day rounding shows at whole seconds), fast (everything decays).
DECAYS = (0.0, 0.0, 0.1, 0.5, 1.0, 100.0)


def _limit_id(code: int, index: int, salt: int) -> str:
    """A reproducible id, unique per list (`code`) and index; the salt decides sort order."""
    return f"{salt:08x}-{code:04x}-4000-8000-{index:012x}"


def _stamps(draw: st.DrawFn) -> dict[str, Any]:
    created = draw(instants())
    bump = draw(st.none() | st.sampled_from((dt.timedelta(seconds=30), dt.timedelta(hours=2))))
    return {"created": iso(created), "updated": None if bump is None else iso(created + bump)}


@st.composite
def tag_limits(draw: st.DrawFn, index: int = 0, tag: str | None = None) -> dict[str, Any]:
    """One ``concurrency_limits`` item (v1: ``id tag concurrency_limit``, no slot holders); shrinks toward
    limit 0 and the grid start."""
    return {
        "id": _limit_id(0xC1, index, draw(st.integers(0, 2**16))),
        "tag": draw(st.sampled_from(TAGS)) if tag is None else tag,
        # ConcurrencyLimitCreate takes any integer
        "concurrency_limit": draw(st.integers(-1, 3)),
        **_stamps(draw),
    }


@st.composite
def global_limits(draw: st.DrawFn, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One ``global_concurrency_limits`` item (v2); shrinks toward an active limit with no slots and no decay."""
    return {
        "id": _limit_id(0xC2, index, draw(st.integers(0, 2**16))),
        "name": draw(st.sampled_from(NAMES)) if name is None else name,
        "limit": draw(st.integers(0, 3)),
        "active": not draw(st.booleans()),
        "active_slots": draw(st.integers(0, 4)),
        "slot_decay_per_second": draw(st.sampled_from(DECAYS)),
        **_stamps(draw),
        **draw(extras(EXTRAS)),
    }
