"""Properties of ``runfilter.strategies`` themselves: what they generate, and what they shrink to.

The live differential tests trust these strategies to produce data Prefect
can hold and bodies that exercise every endpoint; these tests check that
without the oracle: datasets load and keep Prefect's invariants, bodies are
answered with a 200 or a Prefect-shaped error (never an exception), valid
bodies validate, filters drawn from a dataset often match something, and
each strategy shrinks to the documented minimal value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from runfilter import Store
from runfilter.entities import DATASET_KEYS, KINDS
from runfilter.filters import (
    DeploymentFilter,
    FlowFilter,
    FlowRunFilter,
    TaskRunFilter,
    VariableFilter,
    WorkerFilter,
    WorkPoolFilter,
    WorkQueueFilter,
)
from runfilter.strategies import (
    ENDPOINTS,
    NOW,
    POOL_QUEUES,
    bodies,
    datasets,
    filters,
    flow_run_filters,
    request_paths,
    requests,
    run_states,
)

FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PER_ENDPOINT = settings(FAST, max_examples=12)
MODELS = {
    "flows": FlowFilter,
    "flow_runs": FlowRunFilter,
    "task_runs": TaskRunFilter,
    "deployments": DeploymentFilter,
    "work_pools": WorkPoolFilter,
    "work_queues": WorkQueueFilter,
    "variables": VariableFilter,
    "workers": WorkerFilter,
}
_KINDS = DATASET_KEYS
_TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


def _time(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


# --------------------------------------------------------------------------- datasets


@FAST
@given(datasets(max_flow_runs=20, max_task_runs=24))
def test_every_dataset_loads_with_all_its_records(dataset: dict[str, Any]) -> None:
    store = Store.from_dataset(dataset, now=NOW)
    counts = store.counts()
    for kind in KINDS:  # a kind may be loaded from several lists (concurrency limits)
        assert counts[kind.name] >= sum(len(dataset[key]) for key in kind.dataset_lists)
    pools_with_queues = {q["work_pool_id"] for q in dataset["work_queues"]}
    pools_without_queues = {p["id"] for p in dataset["work_pools"]} - pools_with_queues
    assert counts["work_queues"] == len(dataset["work_queues"]) + len(pools_without_queues)  # Prefect's default queue


@FAST
@given(datasets(stateless=False))
def test_references_are_valid_and_keys_unique(dataset: dict[str, Any]) -> None:
    ids = {kind: [item["id"] for item in dataset[kind]] for kind in _KINDS}
    for kind, values in ids.items():
        assert len(values) == len(set(values)), kind
    assert len({f["name"] for f in dataset["flows"]}) == len(dataset["flows"])
    assert len({(d["flow_id"], d["name"]) for d in dataset["deployments"]}) == len(dataset["deployments"])
    assert len({(q["work_pool_id"], q["name"]) for q in dataset["work_queues"]}) == len(dataset["work_queues"])
    pool_ids = {p["name"]: p["id"] for p in dataset["work_pools"]}
    worker_keys = {(w.get("work_pool_id") or pool_ids[w["work_pool_name"]], w["name"]) for w in dataset["workers"]}
    assert len(worker_keys) == len(dataset["workers"])
    keys = [(r["flow_id"], r["idempotency_key"]) for r in dataset["flow_runs"] if r["idempotency_key"]]
    assert len(keys) == len(set(keys))
    for run in dataset["flow_runs"]:
        assert run["flow_id"] in ids["flows"]
        assert run["work_queue_id"] in [None, *ids["work_queues"]]
        parent = run.get("parent_task_run_id")
        if parent is not None:
            owner = next(t["flow_run_id"] for t in dataset["task_runs"] if t["id"] == parent)
            assert owner not in (None, run["id"])
    for task in dataset["task_runs"]:
        assert task["flow_run_id"] in [None, *ids["flow_runs"]]


@FAST
@given(run_states(nulls=True))
def test_run_states_are_prefect_consistent(fields: dict[str, Any]) -> None:
    kind = fields["state_type"]
    start, end = _time(fields.get("start_time")), _time(fields.get("end_time"))
    if kind in _TERMINAL:
        assert end is not None and (start is None or start <= end)
        assert start is not None or kind == "CANCELLED"
    else:
        assert end is None
    if kind in ("RUNNING", "PAUSED", "CANCELLING"):
        assert start is not None and _time(fields["state_timestamp"]) >= start
    if kind in ("SCHEDULED", "PENDING"):
        assert start is None and fields["run_count"] == 0
    if kind == "SCHEDULED":
        assert fields["next_scheduled_start_time"] is not None
    assert fields["total_run_time"] >= 0


# --------------------------------------------------------------------------- filters and bodies


@pytest.mark.parametrize("kind", sorted(MODELS))
@PER_ENDPOINT
@given(data=st.data())
def test_valid_filters_validate_against_prefects_filter_classes(kind: str, data: st.DataObject) -> None:
    dataset = data.draw(datasets(max_flow_runs=6, max_task_runs=6))
    MODELS[kind].model_validate(data.draw(filters(kind, dataset, invalid=False)))


def _prefect_shaped(status: int, payload: Any, body: Any) -> bool:
    if status == 200:
        return True
    if status == 422 and isinstance(payload, dict) and "exception_detail" in payload:
        return payload["exception_message"] == "Invalid request received." and payload["request_body"] == body
    if status in (404, 422):
        return isinstance(payload, dict) and set(payload) == {"detail"} and isinstance(payload["detail"], str)
    return status == 500 and payload == {"exception_message": "Internal Server Error"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@PER_ENDPOINT
@given(data=st.data())
def test_bodies_get_an_answer_or_a_prefect_shaped_error(endpoint: str, data: st.DataObject) -> None:
    dataset = data.draw(datasets(max_flow_runs=8, max_task_runs=8))
    store = Store.from_dataset(dataset, now=NOW)
    body = data.draw(bodies(endpoint, dataset, non_objects=True))
    status, payload = store.request(data.draw(request_paths(endpoint, dataset)), body)
    assert _prefect_shaped(status, payload, body), (status, payload)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@PER_ENDPOINT
@given(data=st.data())
def test_bodies_without_invalid_parts_validate(endpoint: str, data: st.DataObject) -> None:
    dataset = data.draw(datasets(max_flow_runs=8, max_task_runs=8, stateless=False))
    store = Store.from_dataset(dataset, now=NOW)
    status, payload = store.request(data.draw(request_paths(endpoint, dataset)), data.draw(bodies(endpoint, dataset,
                                                                                                 invalid=False)))
    assert status in (200, 404), payload


def test_filters_drawn_from_the_data_often_match_something() -> None:
    outcomes: list[bool] = []

    @settings(max_examples=100, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def probe(data: st.DataObject) -> None:
        # no automations: flow-run filters do not read them, and drawing them would shift this derandomized probe
        dataset = data.draw(datasets(min_flows=1, min_flow_runs=4, stateless=False, max_automations=0))
        run_filter = data.draw(flow_run_filters(dataset))
        if run_filter:
            count = Store.from_dataset(dataset, now=NOW).query("flow_runs/count", {"flow_runs": run_filter})
            outcomes.append(count > 0)

    probe()
    assert len(outcomes) >= 40
    assert sum(outcomes) >= len(outcomes) // 4, f"{sum(outcomes)} of {len(outcomes)} non-empty filters matched"


# --------------------------------------------------------------------------- shrinking targets (as documented)

_QUIET = settings(database=None, max_examples=300, derandomize=True, suppress_health_check=list(HealthCheck),
                  phases=[Phase.generate, Phase.shrink])  # no "explain" phase: it re-runs hundreds of variants


def test_datasets_shrink_to_the_empty_dataset() -> None:
    assert find(datasets(), lambda d: True, settings=_QUIET) == {kind: [] for kind in _KINDS}


def test_datasets_shrink_to_the_fewest_records_needed() -> None:
    smallest = find(datasets(), lambda d: len(d["flow_runs"]) >= 2, settings=_QUIET)
    sizes = dict(zip(_KINDS, (len(smallest[kind]) for kind in _KINDS), strict=True))
    # Exactly the two runs asked for, nothing the condition does not need. Hypothesis's shrinker
    # is heuristic and its end point varies with the process (alone: 4 flows and 2 deployments
    # left over; in the full suite: at most 2 flows, no deployment), so those get a small bound.
    assert sizes["flow_runs"] == 2, sizes
    assert sizes["work_pools"] == sizes["work_queues"] == sizes["task_runs"] == 0, sizes
    assert sizes["concurrency_limits"] == sizes["global_concurrency_limits"] == 0, sizes
    assert 1 <= sizes["flows"] <= 4 and sizes["deployments"] <= 2, sizes


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_filters_shrink_to_the_empty_filter(kind: str) -> None:
    assert find(filters(kind), lambda f: True, settings=_QUIET) == {}


@pytest.mark.parametrize("endpoint", ["flow_runs/filter", "task_runs/count", "flows/paginate", POOL_QUEUES])
def test_bodies_shrink_to_the_empty_body(endpoint: str) -> None:
    assert find(bodies(endpoint), lambda b: True, settings=_QUIET) == {}


@pytest.mark.parametrize("endpoint", ["flow_runs/history", "task_runs/history"])
def test_history_bodies_shrink_to_the_three_history_keys(endpoint: str) -> None:
    body = find(bodies(endpoint), lambda b: True, settings=_QUIET)
    assert sorted(body) == ["history_end", "history_interval_seconds", "history_start"]


def test_requests_shrink_to_an_empty_body() -> None:
    simplest = find(requests(), lambda r: True, settings=_QUIET)
    assert simplest["body"] == {} and simplest["endpoint"] in ENDPOINTS, simplest
