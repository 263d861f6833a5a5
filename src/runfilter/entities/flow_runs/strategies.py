"""Hypothesis strategies for flow runs: records, and the shape of a ``flow_runs`` filter."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..runs.strategies import ALL_STATE_NAMES, run_instants, run_states
from ..samples import EXTRA_LABELS, extras, instants, iso, maybe, record_id, tag_lists
from ..work_queues.strategies import NAMES as QUEUE_NAMES

#: Run names (case variants, ``%`` and non-ASCII letters for ``like_``).
NAMES = ("alpha", "Alpha", "beta", "run_1", "run-1", "run%2", "ñandu", "zz", "a")
FLOW_VERSIONS = ("1.0", "1.1", "2.0", "v1")
IDEMPOTENCY_KEYS = ("k1", "k2", "K1", "key-%")
CREATOR_TYPES = ("DEPLOYMENT", "AUTOMATION", "USER", "deployment")
#: Fields no filter reads but every response prints.
EXTRAS = {
    "parameters": st.sampled_from(({}, {"x": [1, 2], "when": "2026-10-01"})),
    "context": st.sampled_from(({}, {"source": "test"})),
    "empirical_policy": st.sampled_from(
        (
            None,
            {"retries": 2, "retry_delay": 10},
            {"max_retries": 3, "retry_delay_seconds": 5},
            {"pause_keys": ["p1"], "resuming": True, "retry_type": "reschedule"},
        )
    ),
    "job_variables": st.sampled_from((None, {"cpu": 2})),
    "infrastructure_pid": st.sampled_from((None, "4242")),
    "labels": EXTRA_LABELS,
    "state": st.sampled_from(({"message": "all good"}, {"state_details": {"cache_key": "ck"}})),
}
#: The ``flow_runs`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:flow_runs", "not_any_": "ids:flow_runs"}),
        "name": (False, {"any_": "names:flow_runs", "like_": "like:flow_runs"}),
        "tags": (True, {"all_": "tags", "any_": "tags", "is_null_": "bool"}),
        "deployment_id": (True, {"any_": "ids:deployments", "is_null_": "bool"}),
        "work_queue_name": (True, {"any_": "queue_names", "is_null_": "bool"}),
        "state": (
            True,
            {
                "type": (False, {"any_": "state_types", "not_any_": "state_types"}),
                "name": (False, {"any_": "state_names", "not_any_": "state_names"}),
            },
        ),
        "flow_version": (False, {"any_": "flow_versions"}),
        "start_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
        "end_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
        "expected_start_time": (False, {"before_": "time", "after_": "time"}),
        "next_scheduled_start_time": (False, {"before_": "time", "after_": "time"}),
        "parent_flow_run_id": (True, {"any_": "ids:flow_runs"}),
        "parent_task_run_id": (True, {"any_": "ids:task_runs", "is_null_": "bool"}),
        "idempotency_key": (False, {"any_": "idempotency_keys", "not_any_": "idempotency_keys"}),
        "created_by": (True, {"id_": "creator_ids", "type_": "creator_types", "is_null_": "bool"}),
    },
)
#: Operand roles flow-run items feed, and the pools that stand in without a dataset.
VOCABULARY = {
    "tags": lambda item: item.get("tags") or [],
    "state_names": lambda item: [item.get("state_name")],
    "flow_versions": lambda item: [item.get("flow_version")],
    "queue_names": lambda item: [item.get("work_queue_name")],
    "idempotency_keys": lambda item: [item.get("idempotency_key")],
    "creator_ids": lambda item: [(item.get("created_by") or {}).get("id")],
    "creator_types": lambda item: [(item.get("created_by") or {}).get("type")],
    "instants": run_instants,
}
POOLS = {
    "state_names": ALL_STATE_NAMES,
    "flow_versions": FLOW_VERSIONS,
    "idempotency_keys": IDEMPOTENCY_KEYS,
    "creator_types": CREATOR_TYPES,
}


@st.composite
def flow_runs(
    draw: st.DrawFn,
    flow_ids: list[str],
    deployments: list[dict[str, Any]] = (),  # type: ignore[assignment]
    queues: list[dict[str, Any]] = (),  # type: ignore[assignment]
    index: int = 0,
    nulls: bool = True,
    stateless: bool = False,
    dangling: bool = True,
    max_states: int = 0,
) -> dict[str, Any]:
    """One flow run of one of `flow_ids`, usually of one of `deployments` (or a dangling deployment id),
    with up to `max_states` states before its current one.

    Shrinks toward a run of the first flow with no deployment, queue, tags or creator.
    """
    run_id = record_id("flow_runs", index, draw(st.integers(0, 2**16)))
    deployment = draw(st.none() | st.sampled_from(list(deployments))) if deployments else None
    flow_id = deployment["flow_id"] if deployment and draw(st.integers(0, 4)) else draw(st.sampled_from(flow_ids))
    deployment_id = deployment["id"] if deployment else None
    if deployment_id is None and dangling and draw(st.integers(0, 7)) == 7:
        deployment_id = record_id("deployments", 999, draw(st.integers(0, 2**16)))
    queue_ids = [q["id"] for q in queues]
    queue_id = deployment["work_queue_id"] if deployment else None
    if queue_ids and draw(st.integers(0, 3)) == 3:
        queue_id = draw(st.none() | st.sampled_from(queue_ids))
    run: dict[str, Any] = {
        "id": run_id,
        "name": draw(st.sampled_from(NAMES)),
        "flow_id": flow_id,
        "deployment_id": deployment_id,
        "work_queue_id": queue_id,
        "work_queue_name": draw(st.none() | st.sampled_from(QUEUE_NAMES)) if draw(st.integers(0, 3)) == 3 else None,
        "flow_version": draw(maybe(st.sampled_from(FLOW_VERSIONS), True)),
        "deployment_version": draw(st.none() | st.sampled_from(FLOW_VERSIONS)),
        "tags": draw(tag_lists()),
        "idempotency_key": None,
        "created_by": draw(_creators(deployment)),
        "auto_scheduled": draw(st.booleans()),
        "created": iso(draw(instants())),
    }
    run.update(draw(run_states(nulls=nulls, stateless=stateless, max_states=max_states)))
    run.update(draw(extras(EXTRAS)))
    return run


def _creators(deployment: dict[str, Any] | None) -> st.SearchStrategy[dict[str, Any] | None]:
    ids = [deployment["id"]] if deployment else []
    ids.append(record_id("deployments", 998))
    return st.none() | st.fixed_dictionaries(
        {},
        optional={
            "id": st.sampled_from(ids),
            "type": st.sampled_from(CREATOR_TYPES),
            "display_value": st.sampled_from(("me", "etl-prod")),
        },
    )
