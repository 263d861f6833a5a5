"""Hypothesis strategies for deployments: records, and the shape of a ``deployments`` filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import EXTRA_CREATOR, EXTRA_INSTANTS, EXTRA_LABELS, extras, instants, iso, record_id, tag_lists
from ..work_queues.strategies import NAMES as QUEUE_NAMES

#: Deployment names (case variants and look-alikes for ties and ``like_``).
NAMES = ("prod", "Prod", "dev", "nightly", "etl-prod", "etl_prod", "dév")
#: Fields no filter reads but every response prints.
EXTRAS = {
    "version": st.sampled_from((None, "v1")),
    "description": st.sampled_from((None, "nightly etl")),
    "parameters": st.sampled_from(({}, {"x": 1, "names": ["a", "b"]})),
    "job_variables": st.sampled_from((None, {"image": "etl:1"})),
    "path": st.sampled_from((None, ".")),
    "entrypoint": st.sampled_from((None, "flows/etl.py:main")),
    "pull_steps": st.sampled_from((None, [{"prefect.deployments.steps.git_clone": {"repository": "r"}}])),
    "parameter_openapi_schema": st.sampled_from((None, {"type": "object", "properties": {}})),
    "enforce_parameter_schema": st.booleans(),
    "concurrency_options": st.sampled_from((None, {"collision_strategy": "CANCEL_NEW"})),
    "status": st.sampled_from((None, "READY", "NOT_READY")),
    "last_polled": st.sampled_from(EXTRA_INSTANTS),
    "created_by": EXTRA_CREATOR,
    "updated_by": EXTRA_CREATOR,
    "labels": EXTRA_LABELS,
}
#: The ``deployments`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:deployments", "not_any_": "ids:deployments"}),
        "name": (False, {"any_": "names:deployments", "like_": "like:deployments"}),
        "flow_or_deployment_name": (False, {"like_": "like:deployments+flows"}),
        "paused": (False, {"eq_": "bool"}),
        "tags": (True, {"all_": "tags", "any_": "tags", "is_null_": "bool"}),
        "work_queue_name": (False, {"any_": "queue_names"}),
        "concurrency_limit": (False, {"ge_": "int", "le_": "int", "is_null_": "bool"}),
    },
)
#: Operand roles deployment items feed, and the pools that stand in without a dataset.
VOCABULARY = {"tags": lambda item: item.get("tags") or [], "queue_names": lambda item: [item.get("work_queue_name")]}
POOLS: dict[str, tuple[str, ...]] = {}


@st.composite
def deployments(
    draw: st.DrawFn, flow_ids: list[str], queues: list[dict[str, Any]], index: int = 0, name: str | None = None
) -> dict[str, Any]:
    """One deployment of one of `flow_ids`, maybe on one of `queues`; shrinks toward no queue, no limit."""
    queue = draw(st.none() | st.sampled_from(queues)) if queues else None
    created = draw(instants())
    return {
        "id": record_id("deployments", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(NAMES)),
        "flow_id": draw(st.sampled_from(flow_ids)),
        "work_queue_id": queue["id"] if queue else None,
        "work_queue_name": draw(st.none() | st.sampled_from(QUEUE_NAMES)),
        "paused": draw(st.booleans()),
        "tags": draw(tag_lists()),
        "concurrency_limit": draw(st.none() | st.integers(1, 3)),
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=draw(st.integers(0, 2)))),
        **draw(extras(EXTRAS)),
    }
