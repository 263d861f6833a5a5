"""Hypothesis strategies for flows: records, and the shape of a ``flows`` filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import EXTRA_LABELS, extras, instants, iso, record_id, tag_lists

#: Flow names (case variants and look-alikes for ties and ``like_``; no / % & < >: Prefect answers 500).
NAMES = ("etl", "ETL", "etl-daily", "etl_daily", "Etl weekly", "report", "ml train", "über", "Über", "zeta")
#: Fields no filter reads but every response prints.
EXTRAS = {"labels": EXTRA_LABELS}
#: The ``flows`` filter class: (has ``operator``, field → operand kind or a nested (has operator, spec)).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:flows", "not_any_": "ids:flows"}),
        "deployment": (True, {"is_null_": "bool"}),
        "name": (False, {"any_": "names:flows", "like_": "like:flows"}),
        "tags": (True, {"all_": "tags", "is_null_": "bool"}),
    },
)
#: Operand roles flow items feed, and the pools that stand in without a dataset.
VOCABULARY = {"tags": lambda item: item.get("tags") or []}
POOLS: dict[str, tuple[str, ...]] = {}


@st.composite
def flows(draw: st.DrawFn, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One flow item (``id name tags created updated`` and maybe ``labels``); shrinks toward no tags, grid start."""
    created = draw(instants())
    bump = draw(st.none() | st.integers(0, 3))
    return {
        "id": record_id("flows", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(NAMES)),
        "tags": draw(tag_lists()),
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=bump)) if bump is not None else None,
        **draw(extras(EXTRAS)),
    }
