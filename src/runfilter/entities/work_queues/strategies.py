"""Hypothesis strategies for work queues: records, and the shape of a ``work_queues`` filter."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..samples import EXTRA_INSTANTS, TAGS, extras, instants, iso, record_id

#: Queue names (no / % & < >: Prefect answers 500).
NAMES = ("default", "high", "High", "low", "de_fault", "default-2", "éclair")
#: Fields no filter reads but every response prints.
EXTRAS = {
    "description": st.sampled_from((None, "", "urgent work")),
    "status": st.sampled_from((None, "READY", "NOT_READY", "PAUSED")),
    "last_polled": st.sampled_from(EXTRA_INSTANTS),
}
#: The ``work_queues`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:work_queues"}),
        "name": (False, {"any_": "names:work_queues", "startswith_": "prefixes"}),
    },
)
#: Operand roles queue items feed, and the pools that stand in without a dataset.
VOCABULARY = {"queue_names": lambda item: [item.get("name")]}
POOLS = {"queue_names": NAMES}


@st.composite
def work_queues(draw: st.DrawFn, pool_id: str, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One work queue item of pool `pool_id`; ``priority`` None lets Prefect's default apply.

    Sometimes a legacy tag ``filter``. Shrinks toward default priority, no limit, no filter.
    """
    legacy = st.fixed_dictionaries({"tags": st.lists(st.sampled_from(TAGS), min_size=1, max_size=2)})
    return {
        "id": record_id("work_queues", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(NAMES)),
        "work_pool_id": pool_id,
        "priority": draw(st.none() | st.integers(1, 3)),
        "concurrency_limit": draw(st.none() | st.integers(0, 2)),
        "is_paused": draw(st.booleans()),
        "filter": draw(st.none() | legacy),
        "created": iso(draw(instants())),
        **draw(extras(EXTRAS)),
    }
