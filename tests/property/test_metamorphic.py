"""Metamorphic properties of the planned engine, on random datasets and bodies (runfilter.strategies).

* the planned engine answers exactly like the naive full scan, for every endpoint;
* a count equals the number of rows of the same filter without a limit;
* pages concatenated equal the unpaged result (offset/limit and /paginate);
* count(p) + count(not p) + count(p's field is NULL) == count(all), wherever
  the DSL can say "not p" and "is NULL".
"""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runfilter import Store
from runfilter.naive import naive_request
from runfilter.strategies import (
    ENDPOINTS,
    NOW,
    SORTS,
    bodies,
    datasets,
    flow_run_filters,
    request_paths,
    task_run_filters,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LISTS = {"flow_runs": "flow_runs", "task_runs": "task_runs", "flows": "flows", "deployments": "deployments"}


@SETTINGS
@given(data=st.data())
def test_planned_engine_equals_naive_full_scan(data) -> None:
    dataset = data.draw(datasets(), label="dataset")
    store = Store.from_dataset(dataset, now=NOW)
    for _ in range(4):
        endpoint = data.draw(st.sampled_from(ENDPOINTS), label="endpoint")
        path = data.draw(request_paths(endpoint, dataset), label="path")
        body = data.draw(bodies(endpoint, dataset), label="body")
        assert store.request(path, body) == naive_request(store, path, body), (path, body)


def _valid_filters(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in ("sort", "limit", "offset", "page")}


@SETTINGS
@given(data=st.data(), entity=st.sampled_from(sorted(LISTS)))
def test_count_equals_rows_without_limit(data, entity) -> None:
    dataset = data.draw(datasets(), label="dataset")
    store = Store.from_dataset(dataset, now=NOW)
    body = _valid_filters(data.draw(bodies(f"{entity}/count", dataset), label="body"))
    status, count = store.request(f"{entity}/count", body)
    if status != 200:
        return  # an invalid body: nothing to compare
    rows = store.query(f"{entity}/filter", {**body, "limit": 200})
    assert count == len(rows) == len({r["id"] for r in rows})


@SETTINGS
@given(data=st.data(), entity=st.sampled_from(sorted(LISTS)), page_size=st.integers(1, 7))
def test_pages_concatenated_equal_the_unpaged_result(data, entity, page_size) -> None:
    dataset = data.draw(datasets(), label="dataset")
    store = Store.from_dataset(dataset, now=NOW)
    body = _valid_filters(data.draw(bodies(f"{entity}/count", dataset), label="filters"))
    if store.request(f"{entity}/count", body)[0] != 200:
        return
    body["sort"] = data.draw(st.sampled_from(SORTS[entity]), label="sort")
    everything = store.query(f"{entity}/filter", {**body, "limit": 200})
    by_offset, by_page, page = [], [], 1
    while True:
        chunk = store.query(f"{entity}/filter", {**body, "limit": page_size, "offset": len(by_offset)})
        paginated = store.query(f"{entity}/paginate", {**body, "limit": page_size, "page": page})
        assert paginated["count"] == len(everything)
        assert paginated["pages"] == -(-len(everything) // page_size)
        by_offset += chunk
        by_page += paginated["results"]
        page += 1
        if len(chunk) < page_size:
            break
    assert [r["id"] for r in by_offset] == [r["id"] for r in everything]
    # paginate rows of task runs are a different model: compare ids
    assert [r["id"] for r in by_page] == [r["id"] for r in everything]


def _count(store: Store, endpoint: str, key: str, filter_: dict) -> int:
    return store.query(endpoint, {key: filter_})


@SETTINGS
@given(data=st.data())
def test_a_predicate_its_negation_and_its_nulls_partition_flow_runs(data) -> None:
    dataset = data.draw(datasets(min_flow_runs=1), label="dataset")
    store = Store.from_dataset(dataset, now=NOW)
    total = store.query("flow_runs/count", {})
    ids = [r["id"] for r in dataset["flow_runs"] if r.get("id")]
    some = data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]), label="ids")
    types = data.draw(
        st.lists(st.sampled_from(["SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED"]), min_size=1, unique=True),
        label="types",
    )
    count = lambda f: _count(store, "flow_runs/count", "flow_runs", f)
    # ids are never NULL
    assert (
        count({"id": {"any_": some or [str(uuid.uuid4())]}}) + count({"id": {"not_any_": some or [str(uuid.uuid4())]}})
        == total
    )
    # state types: any_ + not_any_ + (runs without a state)
    all_types = [
        "SCHEDULED",
        "PENDING",
        "RUNNING",
        "COMPLETED",
        "FAILED",
        "CANCELLED",
        "CRASHED",
        "PAUSED",
        "CANCELLING",
    ]
    stateless = total - count({"state": {"type": {"any_": all_types}}})
    assert (
        count({"state": {"type": {"any_": types}}}) + count({"state": {"type": {"not_any_": types}}}) + stateless
        == total
    )
    # every is_null_ pair
    for field in (
        "deployment_id",
        "work_queue_name",
        "parent_task_run_id",
        "created_by",
        "start_time",
        "end_time",
        "tags",
    ):
        assert count({field: {"is_null_": True}}) + count({field: {"is_null_": False}}) == total, field


@SETTINGS
@given(data=st.data())
def test_random_filters_and_their_or_with_an_empty_branch(data) -> None:
    # an or_ with an empty sub-filter is TRUE (docs/semantics.md#combining): it matches everything
    dataset = data.draw(datasets(), label="dataset")
    store = Store.from_dataset(dataset, now=NOW)
    flow_runs = data.draw(flow_run_filters(dataset), label="flow_runs")
    task_runs = data.draw(task_run_filters(dataset), label="task_runs")
    poisoned = {**{k: v for k, v in flow_runs.items() if k != "operator"}, "operator": "or_", "tags": {}}
    assert store.query("flow_runs/count", {"flow_runs": poisoned}) == store.query("flow_runs/count", {})
    both = store.query("flow_runs/count", {"flow_runs": flow_runs, "task_runs": task_runs})
    assert both <= min(
        store.query("flow_runs/count", {"flow_runs": flow_runs}),
        store.query("flow_runs/count", {"task_runs": task_runs}),
    )
