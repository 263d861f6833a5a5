"""Store.snapshot / Store.restore: every change since a snapshot undone, whatever made it."""

from __future__ import annotations

import pytest

from runfilter import Store, synthetic
from runfilter.naive import naive_request

QUERIES = [
    ("flow_runs/filter", {"sort": "NAME_ASC", "limit": 20}),
    ("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}}),
    ("task_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}),
    ("flow_runs/history", {
        "history_start": "2026-10-01T00:00:00Z", "history_end": "2026-10-31T00:00:00Z",
        "history_interval_seconds": 86400,
    }),
    ("work_queues/filter", {}),
]


def _answers(store: Store) -> list:
    return [store.request(path, body) for path, body in QUERIES]


@pytest.fixture
def dataset() -> dict:
    return synthetic.generate(300, task_runs_per_run=3, seed=11)


def test_restore_undoes_inserts_upserts_deletes_and_polls(dataset: dict) -> None:
    store = Store.from_dataset(dataset, now=synthetic.NOW, seed=3)
    before, dump, counts = _answers(store), store.dump(), store.counts()
    snapshot = store.snapshot()
    run = dataset["flow_runs"][0]
    store.upsert({"flow_runs": [{**run, "name": "renamed", "state_type": "FAILED"}]})
    store.insert({"flows": [{"name": "a-new-flow"}]})
    store.delete({"flows": [dataset["flows"][1]["id"]]})  # cascades to deployments and runs
    pool = dataset["work_pools"][0]["name"]
    assert store.request(f"work_pools/{pool}/get_scheduled_flow_runs", {})[0] == 200  # marks queues polled
    store.set_now("2027-01-01T00:00:00Z")
    assert _answers(store) != before
    store.restore(snapshot)
    store.check()
    assert store.counts() == counts
    assert store.dump() == dump
    assert _answers(store) == before
    assert [naive_request(store, path, body) for path, body in QUERIES] == before


def test_one_snapshot_serves_many_restores_and_nested_ones(dataset: dict) -> None:
    store = Store.from_dataset(dataset, now=synthetic.NOW)
    dump = store.dump()
    outer = store.snapshot()
    for round_ in range(3):
        store.insert({"flows": [{"name": f"flow-{round_}"}]})
        inner = store.snapshot()
        store.delete({"flow_runs": [dataset["flow_runs"][round_]["id"]]})
        store.restore(inner)
        assert store.counts()["flow_runs"] == len(dataset["flow_runs"])
        store.restore(outer)
        assert store.dump() == dump
    store.insert({"flows": [{"name": "x"}]})
    with pytest.raises(ValueError):
        store.restore(inner)  # taken after `outer`: discarded by restoring it
    store.restore(outer)
    assert store.dump() == dump


def test_generated_ids_repeat_after_a_restore(dataset: dict) -> None:
    store = Store(now=synthetic.NOW, seed=5)
    snapshot = store.snapshot()
    first = store.insert({"flows": [{"name": "etl"}]}) and store.request("flows/filter", {})[1]
    store.restore(snapshot)
    assert store.request("flows/filter", {})[1] == []
    store.insert({"flows": [{"name": "etl"}]})
    assert store.request("flows/filter", {})[1] == first


def test_a_snapshot_of_another_store_is_refused() -> None:
    with pytest.raises(ValueError):
        Store().restore(Store().snapshot())
