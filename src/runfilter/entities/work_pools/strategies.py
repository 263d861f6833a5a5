"""Hypothesis strategies for work pools: records, and the shape of a ``work_pools`` filter."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..samples import extras, instants, iso, record_id

#: Pool names and types (no / % & < >: Prefect answers 500).
NAMES = ("k8s", "K8S", "docker", "Process Pool", "edge")
TYPES = ("kubernetes", "docker", "process")
#: Fields no filter reads but every response prints.
EXTRAS = {
    "description": st.sampled_from((None, "pool for etl")),
    "base_job_template": st.sampled_from(
        (
            {},
            {
                "job_configuration": {"command": "{{ cmd }}"},
                "variables": {"properties": {"cmd": {"type": "string"}}},
            },
        )
    ),
    "status": st.sampled_from((None, "READY", "NOT_READY", "PAUSED")),
    "storage_configuration": st.sampled_from((None, {"bundle_upload_step": {"step": {"x": 1}}})),
}
#: The ``work_pools`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:work_pools"}),
        "name": (False, {"any_": "names:work_pools"}),
        "type": (False, {"any_": "pool_types"}),
    },
)
#: Operand roles pool items feed, and the pools that stand in without a dataset.
VOCABULARY = {"pool_types": lambda item: [item.get("type")]}
POOLS = {"pool_types": TYPES}


@st.composite
def work_pools(draw: st.DrawFn, index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One work pool item (no ``default_queue_id``: :func:`runfilter.strategies.datasets` sets it); shrinks
    toward defaults."""
    return {
        "id": record_id("work_pools", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(NAMES)),
        "type": draw(st.sampled_from(TYPES)),
        "concurrency_limit": draw(st.none() | st.integers(0, 3)),
        "is_paused": draw(st.booleans()),
        "created": iso(draw(instants())),
        **draw(extras(EXTRAS)),
    }
