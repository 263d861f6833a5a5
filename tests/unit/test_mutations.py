"""Insert, upsert and delete: Prefect's cascades and set-null rules, indexes kept in sync, all or nothing."""

from __future__ import annotations

import pytest
from test_loading import DEP, FLOW, NOW, POOL, QUEUE, RUN, TASK, base, snapshot

from runfilter import DatasetError, Store

SUBFLOW = "00000000-0000-0000-0000-0000000000c2"


def store_with_subflow() -> Store:
    data = base()
    data["flow_runs"].append(
        {"id": SUBFLOW, "name": "child", "flow_id": FLOW, "parent_task_run_id": TASK, "deployment_id": DEP}
    )
    store = Store.from_dataset(data, now=NOW)
    # build every index so maintenance of each is exercised
    for indexes in store.indexes.values():
        for name in indexes._factories:
            indexes.get(name)
    return store


def test_delete_flow_cascades_to_deployments_runs_and_task_runs() -> None:
    store = store_with_subflow()
    removed = store.delete({"flows": [FLOW]})
    assert removed == {
        "flows": 1,
        "work_pools": 0,
        "work_queues": 0,
        "deployments": 1,
        "flow_runs": 2,
        "task_runs": 1,
        "automations": 0,
    }
    assert store.counts() == {
        "flows": 0,
        "work_pools": 1,
        "work_queues": 1,
        "deployments": 0,
        "flow_runs": 0,
        "task_runs": 0,
        "automations": 0,
    }
    store.check()


def test_delete_task_run_clears_parent_of_subflows() -> None:
    store = store_with_subflow()
    store.delete({"task_runs": [TASK]})
    assert store.tables["flow_runs"][SUBFLOW].parent_task_run_id is None
    assert store.request("flow_runs/count", {"flow_runs": {"parent_task_run_id": {"is_null_": True}}}) == (200, 2)
    store.check()


def test_delete_deployment_leaves_runs_dangling() -> None:
    store = store_with_subflow()
    store.delete({"deployments": [DEP]})
    assert store.tables["flow_runs"][SUBFLOW].deployment_id == DEP  # not a foreign key in Prefect
    assert store.request("flow_runs/count", {"flow_runs": {"deployment_id": {"any_": [DEP]}}}) == (200, 1)
    assert store.request("flow_runs/count", {"deployments": {}}) == (200, 0)
    store.check()


def test_delete_pool_cascades_to_queues_and_clears_references() -> None:
    store = store_with_subflow()
    store.delete({"work_pools": [POOL]})
    assert store.tables["flow_runs"][RUN].work_queue_id is None
    assert store.tables["flow_runs"][RUN].work_queue_name == "default"  # a free copy, kept
    assert store.tables["deployments"][DEP].work_queue_id is None
    assert store.request("flow_runs/count", {"work_pools": {}}) == (200, 0)
    store.check()


def test_default_queue_cannot_be_deleted_alone() -> None:
    store = store_with_subflow()
    before = snapshot(store)
    with pytest.raises(DatasetError, match="default queue"):
        store.delete({"work_queues": [QUEUE]})
    assert snapshot(store) == before


def test_delete_of_unknown_id_changes_nothing() -> None:
    store = store_with_subflow()
    before = snapshot(store)
    with pytest.raises(DatasetError) as caught:
        store.delete({"flow_runs": [RUN, "00000000-0000-0000-0000-00000000dead"]})
    assert caught.value.path == "delete.flow_runs[1]"
    assert snapshot(store) == before
    store.check()


def test_upsert_replaces_in_place_and_keeps_insertion_order() -> None:
    store = store_with_subflow()
    seq = store.tables["flow_runs"][RUN].seq
    store.upsert(
        {"flow_runs": [{"id": RUN, "name": "renamed", "flow_id": FLOW, "state_type": "FAILED", "tags": ["x"]}]}
    )
    run = store.tables["flow_runs"][RUN]
    assert (run.name, run.state_type, run.seq) == ("renamed", "FAILED", seq)
    assert store.request("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}) == (200, 0)
    assert store.request("flow_runs/count", {"flow_runs": {"tags": {"all_": ["x"]}}}) == (200, 1)
    store.check()


def test_upsert_may_swap_unique_names() -> None:
    other = "00000000-0000-0000-0000-0000000000f2"
    store = Store.from_dataset({"flows": [{"id": FLOW, "name": "a"}, {"id": other, "name": "b"}]}, now=NOW)
    store.upsert({"flows": [{"id": FLOW, "name": "b"}, {"id": other, "name": "a"}]})
    assert store.unique_owner("flows", ("a",)) == other
    store.check()


def test_upsert_conflicting_with_a_stored_key_changes_nothing() -> None:
    store = store_with_subflow()
    before = snapshot(store)
    with pytest.raises(DatasetError, match="flow name already used"):
        store.upsert({"flows": [{"name": "etl"}]})
    assert snapshot(store) == before


def test_insert_then_delete_restores_counts_and_indexes() -> None:
    store = store_with_subflow()
    store.insert(
        {
            "flow_runs": [
                {"id": "00000000-0000-0000-0000-0000000000c9", "name": "extra", "flow_id": FLOW, "tags": ["new"]}
            ]
        }
    )
    assert store.request("flow_runs/count", {"flow_runs": {"tags": {"any_": ["new"]}}}) == (200, 1)
    store.delete({"flow_runs": ["00000000-0000-0000-0000-0000000000c9"]})
    assert store.request("flow_runs/count", {"flow_runs": {"tags": {"any_": ["new"]}}}) == (200, 0)
    store.check()
