"""Workers: the loading rules (pool by id or name, heartbeat and status defaults, unique names per pool), the
pool status they settle, errors with their paths, deletes and export (docs/semantics.md#workers)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from runfilter import DatasetError, Store
from runfilter.entities.workers.load import foreman_status
from runfilter.timeutil import parse_dataset_time

POOL = "00000000-0000-0000-0000-0000000000a1"
OTHER_POOL = "00000000-0000-0000-0000-0000000000a2"
WORKER = "00000000-0000-0000-0000-0000000000e1"
NOW = "2026-11-01T00:00:00Z"
S = 1_000_000


def base(**worker: Any) -> dict[str, Any]:
    return {
        "work_pools": [
            {"id": POOL, "name": "pool", "type": "process"},
            {"id": OTHER_POOL, "name": "other", "type": "process"},
        ],
        "workers": [{"id": WORKER, "name": "w", "work_pool_id": POOL, **worker}],
    }


def snapshot(store: Store) -> dict[str, dict[str, str]]:
    store.check()
    return {kind: {i: repr(r) for i, r in table.items()} for kind, table in store.tables.items()}


@pytest.mark.parametrize(
    ("age_us", "interval", "expected"),
    [
        (90 * S, None, "ONLINE"),  # exactly at the horizon: not more than it
        (90 * S + 1, None, "OFFLINE"),
        (30 * S, 10, "ONLINE"),
        (30 * S + 1, 10, "OFFLINE"),
        (0, 0, "ONLINE"),  # interval 0 is a horizon of 0 s, not the 30 s fallback
        (1, 0, "OFFLINE"),
        (-S, 0, "ONLINE"),  # a heartbeat after now
        (0, -5, "OFFLINE"),  # a negative interval: a negative horizon
    ],
)
def test_foreman_status_at_the_horizon(age_us: int, interval: int | None, expected: str) -> None:
    now = parse_dataset_time(NOW)
    assert foreman_status(now - age_us, interval, now) == expected


def test_heartbeat_defaults_to_created_and_status_to_the_foreman_rule_at_the_stores_clock() -> None:
    store = Store.from_dataset(base(created="2026-10-31T23:58:30Z"), now=NOW)
    worker = store.tables["workers"][WORKER]
    assert worker.last_heartbeat_time == worker.created == parse_dataset_time("2026-10-31T23:58:30Z")
    assert worker.status == "ONLINE"
    later = Store.from_dataset(base(created="2026-10-31T23:58:30Z"), now="2026-11-01T00:00:00.000001Z")
    assert later.tables["workers"][WORKER].status == "OFFLINE"


def test_created_defaults_to_the_stores_clock() -> None:
    store = Store.from_dataset(base(), now=NOW)
    worker = store.tables["workers"][WORKER]
    assert worker.created == worker.updated == worker.last_heartbeat_time == parse_dataset_time(NOW)
    assert worker.status == "ONLINE"


def test_a_given_status_is_kept_whatever_the_heartbeat() -> None:
    store = Store.from_dataset(base(last_heartbeat_time="2020-01-01T00:00:00Z", status="ONLINE"), now=NOW)
    assert store.tables["workers"][WORKER].status == "ONLINE"
    answer = store.query("work_pools/pool/workers/filter", {"workers": {"status": {"any_": ["ONLINE"]}}})
    assert [w["status"] for w in answer] == ["ONLINE"]  # responses print the stored column


@pytest.mark.parametrize(("given", "stored"), [("20", 20), (20.0, 20), (True, 1), (None, None), (0, 0)])
def test_heartbeat_interval_is_read_as_a_lax_integer(given: Any, stored: int | None) -> None:
    store = Store.from_dataset(base(heartbeat_interval_seconds=given), now=NOW)
    assert store.tables["workers"][WORKER].heartbeat_interval_seconds == stored


def test_the_pool_may_be_named() -> None:
    dataset = base()
    del dataset["workers"][0]["work_pool_id"]
    dataset["workers"][0]["work_pool_name"] = "other"
    store = Store.from_dataset(dataset, now=NOW)
    assert store.tables["workers"][WORKER].work_pool_id == OTHER_POOL
    more = {"workers": [{"name": "w2", "work_pool_name": "pool"}]}  # a pool of the store, by name
    store.insert(more)
    assert {w.name for w in store.tables["workers"].values() if w.work_pool_id == POOL} == {"w2"}


def test_a_name_is_unique_per_pool_only() -> None:
    dataset = base()
    dataset["workers"].append({"name": "w", "work_pool_id": OTHER_POOL})
    assert Store.from_dataset(dataset, now=NOW).counts()["workers"] == 2


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"work_pool_id": None}, "workers[0].work_pool_id", "required"),
        ({"work_pool_id": None, "work_pool_name": "nope"}, "workers[0].work_pool_name", "no work pool named 'nope'"),
        ({"work_pool_id": "00000000-0000-0000-0000-00000000dead"}, "workers[0].work_pool_id", "no work pool with id"),
        ({"work_pool_id": "pool"}, "workers[0].work_pool_id", "not a UUID"),
        ({"name": None}, "workers[0].name", "required"),
        ({"name": ""}, "workers[0].name", "required"),
        ({"name": 3}, "workers[0].name", "expected a string"),
        ({"status": "online"}, "workers[0].status", "ONLINE, OFFLINE"),
        ({"heartbeat_interval_seconds": 1.5}, "workers[0].heartbeat_interval_seconds", "integer"),
        ({"heartbeat_interval_seconds": "soon"}, "workers[0].heartbeat_interval_seconds", "integer"),
        ({"last_heartbeat_time": "yesterday"}, "workers[0].last_heartbeat_time", ""),
        ({"last_polled": "2026-01-01T00:00:00Z"}, "workers[0]", "unknown field"),
    ],
)
def test_bad_workers_are_refused_with_their_path_and_the_store_unchanged(
    change: dict[str, Any], path: str, message: str
) -> None:
    store = Store.from_dataset(base(), now=NOW)
    before = snapshot(store)
    dataset = copy.deepcopy(base(**change))
    dataset["workers"][0]["id"] = "00000000-0000-0000-0000-0000000000e2"
    dataset["work_pools"] = []  # the pools are stored already
    with pytest.raises(DatasetError) as caught:
        store.insert(dataset)
    assert str(caught.value).startswith(path + ":"), str(caught.value)
    assert message in str(caught.value)
    assert snapshot(store) == before


def test_a_worker_name_taken_in_its_pool_is_refused_in_the_batch_and_against_the_store() -> None:
    dataset = base()
    dataset["workers"].append({"name": "w", "work_pool_name": "pool"})
    with pytest.raises(DatasetError, match=r"^workers\[1\]\.name: worker name in this pool already used"):
        Store.from_dataset(dataset, now=NOW)
    store = Store.from_dataset(base(), now=NOW)
    before = snapshot(store)
    with pytest.raises(DatasetError, match=r"^workers\[0\]\.name: worker name in this pool already used"):
        store.insert({"workers": [{"name": "w", "work_pool_id": POOL}]})
    assert snapshot(store) == before


def test_a_pool_without_a_status_is_ready_with_an_online_worker() -> None:
    dataset = base(last_heartbeat_time="2026-10-31T23:59:00Z")
    dataset["work_pools"].append({"name": "pinned", "type": "process", "status": "NOT_READY"})
    dataset["workers"] += [
        {"name": "old", "work_pool_id": OTHER_POOL, "last_heartbeat_time": "2026-10-01T00:00:00Z"},
        {"name": "fresh", "work_pool_name": "pinned", "last_heartbeat_time": "2026-10-31T23:59:00Z"},
    ]
    store = Store.from_dataset(dataset, now=NOW)
    statuses = {p["name"]: p["status"] for p in store.query("work_pools/filter", {})}
    assert statuses == {"pool": "READY", "other": "NOT_READY", "pinned": "NOT_READY"}


def test_a_pool_status_is_settled_when_the_pool_is_loaded() -> None:
    store = Store.from_dataset({"work_pools": [{"id": POOL, "name": "pool", "type": "process"}]}, now=NOW)
    store.insert({"workers": [{"name": "w", "work_pool_id": POOL}]})  # ONLINE, but the pool is settled already
    assert store.tables["work_pools"][POOL].status == "NOT_READY"
    store.upsert(
        {"work_pools": [{"id": POOL, "name": "pool", "type": "process"}]}
    )  # reloaded: the stored worker counts
    assert store.tables["work_pools"][POOL].status == "READY"
    store.check()


def test_deleting_a_pool_deletes_its_workers() -> None:
    dataset = base()
    dataset["workers"].append({"name": "w", "work_pool_id": OTHER_POOL})
    store = Store.from_dataset(dataset, now=NOW)
    removed = store.delete({"work_pools": [POOL]})
    assert (removed["work_pools"], removed["workers"]) == (1, 1)
    assert [w.work_pool_id for w in store.tables["workers"].values()] == [OTHER_POOL]
    store.check()
    assert store.delete({"workers": [next(iter(store.tables["workers"]))]})["workers"] == 1
    assert store.counts()["work_pools"] == 1


def test_dump_writes_the_derived_values_and_reloads_to_the_same_answers() -> None:
    dataset = base(heartbeat_interval_seconds="20", created="2026-10-31T23:00:00Z")
    dataset["workers"].append({"name": "w2", "work_pool_name": "other", "status": "OFFLINE"})
    store = Store.from_dataset(dataset, now=NOW, seed=1)
    dumped = store.dump()
    items = {w["name"]: w for w in dumped["workers"]}
    assert items["w"]["last_heartbeat_time"] == "2026-10-31T23:00:00Z"
    assert items["w"]["status"] == "OFFLINE" and items["w"]["heartbeat_interval_seconds"] == 20
    assert {p["name"]: p["status"] for p in dumped["work_pools"]} == {"pool": "NOT_READY", "other": "NOT_READY"}
    again = Store.from_dataset(dumped, now="2030-01-01T00:00:00Z")  # a later clock: the stored statuses stay
    assert again.dump() == dumped
    for pool in ("pool", "other"):
        path = f"work_pools/{pool}/workers/filter"
        assert again.request(path, {}) == store.request(path, {})
