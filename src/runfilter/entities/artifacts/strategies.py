"""Hypothesis strategies for artifacts: records, and the shape of an ``artifacts`` filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import extras, instants, iso, record_id

#: Artifact keys (few, so that keys repeat and collections hold several artifacts; "" is a valid key).
NAMES = ("report", "report-2", "daily", "a1", "")
#: Artifact types (``result`` is left out of the run graph; None too).
TYPES = ("markdown", "table", "progress", "result", "link", "Markdown")
#: Fields no filter reads but every response prints.
EXTRAS = {
    "description": st.sampled_from((None, "", "a *report*")),
    "data": st.sampled_from((None, "# hi", {"rows": [1, 2]}, 0.5, [])),
    "metadata_": st.sampled_from((None, {}, {"team": "data"})),
}
#: The ``artifacts`` filter class of ``/artifacts/filter|count`` (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:artifacts"}),
        "key": (False, {"any_": "names:artifacts", "like_": "like:artifacts", "exists_": "bool"}),
        "flow_run_id": (False, {"any_": "ids:flow_runs"}),
        "task_run_id": (False, {"any_": "ids:task_runs"}),
        "type": (False, {"any_": "artifact_types", "not_any_": "artifact_types"}),
    },
)
#: The collection filter of ``/artifacts/latest/filter|count``, under the name the body strategies use for it.
OTHER_FILTER_SPECS = {
    "artifact_collections": (
        True,
        {
            "latest_id": (False, {"any_": "ids:artifacts"}),
            **{field: FILTER_SPEC[1][field] for field in ("key", "flow_run_id", "task_run_id", "type")},
        },
    )
}
#: Operand roles artifact items feed, and the pools that stand in without a dataset.
VOCABULARY = {"artifact_types": lambda item: [item.get("type")]}
POOLS = {"artifact_types": TYPES}


@st.composite
def artifacts(
    draw: st.DrawFn, flow_run_ids: list[str], task_run_ids: list[str], index: int = 0, nulls: bool = True
) -> dict[str, Any]:
    """One artifact item; its key, type and run ids from small pools (run ids may be NULL or dangle).

    ``created`` often repeats so that a key's latest artifact is decided by
    the dataset order. Shrinks toward a keyed markdown artifact of no run.
    """
    created = draw(instants(micro=False))
    bump = draw(st.none() | st.integers(0, 2))
    dangling = record_id("flow_runs", 4095)
    return {
        "id": record_id("artifacts", index, draw(st.integers(0, 2**16))),
        "key": draw(st.sampled_from(NAMES) | st.none()) if nulls else draw(st.sampled_from(NAMES)),
        "type": draw(st.sampled_from(TYPES) | st.none()),
        "flow_run_id": draw(st.none() | st.sampled_from([*flow_run_ids, dangling])),
        "task_run_id": draw(st.none() | st.sampled_from(task_run_ids)) if task_run_ids else None,
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=bump)) if bump is not None else None,
        **draw(extras(EXTRAS)),
    }
