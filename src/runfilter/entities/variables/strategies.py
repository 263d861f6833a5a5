"""Hypothesis strategies for variables: records, and the shape of a ``variables`` filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import instants, iso, record_id, tag_lists

#: Variable names (Prefect's alphabet: lowercase letters, digits, ``-``, ``_``); look-alikes for ``like_``.
NAMES = ("region", "region_eu", "region-eu", "retries", "max_retries", "a", "z9", "regionx")
#: Values of every JSON type, null included (Prefect stores them as given).
VALUES = (None, 0, -7, 1.5, True, False, "text", "", [1, "a", None], {"k": "v", "n": {"m": [1]}}, {}, [])
#: Fields no filter reads but every response prints (``value`` is always drawn: it is required).
EXTRAS: dict[str, Any] = {}
#: The ``variables`` filter class: (has ``operator``, field → operand kind or a nested (has operator, spec)).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:variables"}),
        "name": (False, {"any_": "names:variables", "like_": "like:variables"}),
        "tags": (True, {"all_": "tags", "is_null_": "bool"}),
    },
)
#: Operand roles variable items feed, and the pools that stand in without a dataset.
VOCABULARY = {"tags": lambda item: item.get("tags") or []}
POOLS: dict[str, tuple[str, ...]] = {}


@st.composite
def variables(draw: st.DrawFn, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One variable item (``id name value tags created updated``); shrinks toward a null value and no tags."""
    created = draw(instants())
    bump = draw(st.none() | st.integers(0, 3))
    return {
        "id": record_id("variables", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(NAMES)),
        "value": draw(st.sampled_from(VALUES)),
        "tags": draw(tag_lists()),
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=bump)) if bump is not None else None,
    }
