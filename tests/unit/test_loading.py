"""Loading datasets: Prefect's derived values, and bad items refused with their path and the store unchanged."""

from __future__ import annotations

import copy

import pytest

from runfilter import DatasetError, Store

FLOW = "00000000-0000-0000-0000-0000000000f1"
POOL = "00000000-0000-0000-0000-0000000000a1"
QUEUE = "00000000-0000-0000-0000-0000000000b1"
DEP = "00000000-0000-0000-0000-0000000000d1"
RUN = "00000000-0000-0000-0000-0000000000c1"
TASK = "00000000-0000-0000-0000-0000000000e1"
NOW = "2026-11-01T00:00:00Z"


def base() -> dict:
    return {
        "flows": [{"id": FLOW, "name": "etl", "created": "2026-01-01T00:00:00Z"}],
        "work_pools": [{"id": POOL, "name": "pool", "type": "process"}],
        "work_queues": [{"id": QUEUE, "name": "default", "work_pool_id": POOL}],
        "deployments": [{"id": DEP, "name": "nightly", "flow_id": FLOW, "work_queue_id": QUEUE}],
        "flow_runs": [
            {
                "id": RUN,
                "name": "r1",
                "flow_id": FLOW,
                "work_queue_id": QUEUE,
                "state_type": "COMPLETED",
                "end_time": "2026-01-02T00:00:00Z",
            }
        ],
        "task_runs": [{"id": TASK, "name": "t1", "flow_run_id": RUN}],
    }


def snapshot(store: Store) -> tuple:
    """Everything observable about a store's contents (its unique maps and indexes are checked against them)."""
    store.check()
    return {kind: {i: repr(r) for i, r in table.items()} for kind, table in store.tables.items()}


def test_derived_values_follow_prefect() -> None:
    store = Store.from_dataset(base(), now=NOW)
    run = store.tables["flow_runs"][RUN]
    assert run.state_name == "Completed"  # default name of the type
    assert run.state_timestamp == run.end_time  # terminal state: entered at end_time
    assert run.work_queue_name == "default"  # copied from the queue
    task = store.tables["task_runs"][TASK]
    assert (task.task_key, task.dynamic_key) == ("t1", "0")
    assert store.tables["work_pools"][POOL].default_queue_id == QUEUE
    assert store.tables["work_queues"][QUEUE].priority == 1
    store.check()


def test_pool_without_queues_gets_a_default_queue() -> None:
    store = Store.from_dataset({"work_pools": [{"id": POOL, "name": "p", "type": "process"}]}, now=NOW)
    pool = store.tables["work_pools"][POOL]
    queue = store.tables["work_queues"][pool.default_queue_id]
    assert (queue.name, queue.work_pool_id, queue.priority) == ("default", POOL, 1)


def test_running_run_state_timestamp_defaults_to_start_time() -> None:
    data = base()
    data["flow_runs"][0].update(state_type="RUNNING", start_time="2026-01-01T10:00:00Z", end_time=None)
    run = Store.from_dataset(data, now=NOW).tables["flow_runs"][RUN]
    assert run.state_timestamp == run.start_time


BAD_ITEMS = [
    ("flow_runs", {"flow_id": "00000000-0000-0000-0000-00000000dead"}, "flow_runs[0].flow_id", "no flow with id"),
    ("flow_runs", {"flow_id": None}, "flow_runs[0].flow_id", "required"),
    ("flow_runs", {"work_queue_id": "not-a-uuid"}, "flow_runs[0].work_queue_id", "is not a UUID"),
    ("flow_runs", {"state_type": "DONE"}, "flow_runs[0].state_type", "unknown state type"),
    ("flow_runs", {"state_type": None, "state_name": "x"}, "flow_runs[0]", "state_name given without state_type"),
    ("flow_runs", {"start_time": "yesterday"}, "flow_runs[0].start_time", "not an ISO 8601 timestamp"),
    ("flow_runs", {"tags": "a,b"}, "flow_runs[0].tags", "tags must be a list of strings"),
    ("flow_runs", {"total_run_time": "long"}, "flow_runs[0].total_run_time", "not a duration"),
    (
        "flow_runs",
        {"parent_task_run_id": "00000000-0000-0000-0000-00000000dead"},
        "flow_runs[0].parent_task_run_id",
        "no task run with id",
    ),
    ("flow_runs", {"bogus": 1}, "flow_runs[0]", "unknown field(s) ['bogus']"),
    ("flow_runs", {"empirical_policy": {"retries": "x"}}, "flow_runs[0].empirical_policy", "retries"),
    ("flow_runs", {"created_by": {"id": "nope"}}, "flow_runs[0].created_by", "id"),
    ("flow_runs", {"state": {"state_details": {"cache_expiration": "2026-10-01T00:00:00+24:00"}}},
     "flow_runs[0].state.state_details", "24 hours"),
    (
        "task_runs",
        {"flow_run_id": "00000000-0000-0000-0000-00000000dead"},
        "task_runs[0].flow_run_id",
        "no flow run with id",
    ),
    ("deployments", {"flow_id": "00000000-0000-0000-0000-00000000dead"}, "deployments[0].flow_id", "no flow"),
    ("deployments", {"schedules": [{"schedule": {"interval": 0}}]}, "deployments[0].schedules[0].schedule", "than"),
    ("work_queues", {"work_pool_id": None}, "work_queues[0].work_pool_id", "required"),
    ("work_pools", {"type": None}, "work_pools[0].type", "required"),
    ("flows", {"name": ""}, "flows[0].name", "required"),
]


@pytest.mark.parametrize(("kind", "change", "path", "reason"), BAD_ITEMS, ids=[f"{b[2]}:{b[3]}" for b in BAD_ITEMS])
def test_bad_item_names_its_path_and_leaves_the_store_unchanged(
    kind: str, change: dict, path: str, reason: str
) -> None:
    store = Store.from_dataset({"flows": [{"id": "00000000-0000-0000-0000-0000000000ff", "name": "other"}]}, now=NOW)
    before = snapshot(store)
    data = base()
    data[kind][0].update(change)
    with pytest.raises(DatasetError) as caught:
        store.load(data)
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert snapshot(store) == before
    store.check()


UNIQUE_VIOLATIONS = [
    ("flows", lambda d: d["flows"].append({"name": "etl"}), "flows[1].name", "flow name already used"),
    ("work_pools", lambda d: d["work_pools"].append({"name": "pool", "type": "x"}), "work_pools[1].name", "already"),
    (
        "work_queues",
        lambda d: d["work_queues"].append({"name": "default", "work_pool_id": POOL}),
        "work_queues[1].name",
        "queue name in this pool already used",
    ),
    (
        "deployments",
        lambda d: d["deployments"].append({"name": "nightly", "flow_id": FLOW}),
        "deployments[1].name",
        "deployment name for this flow already used",
    ),
    (
        "task_runs",
        lambda d: d["task_runs"].append({"name": "t1", "flow_run_id": RUN, "dynamic_key": "0"}),
        "task_runs[1].dynamic_key",
        "already used",
    ),
    (
        "flow_runs",
        lambda d: d["flow_runs"].extend(
            [{"flow_id": FLOW, "idempotency_key": "k"}, {"flow_id": FLOW, "idempotency_key": "k"}]
        ),
        "flow_runs[2].idempotency_key",
        "already used",
    ),
    ("ids", lambda d: d["flows"].append({"id": FLOW, "name": "twin"}), "flows[1].id", "duplicate id"),
]


@pytest.mark.parametrize(("what", "mutate", "path", "reason"), UNIQUE_VIOLATIONS, ids=[u[0] for u in UNIQUE_VIOLATIONS])
def test_unique_constraints_and_duplicate_ids(what: str, mutate, path: str, reason: str) -> None:
    data = base()
    mutate(data)
    with pytest.raises(DatasetError) as caught:
        Store.from_dataset(data, now=NOW)
    assert caught.value.path == path
    assert reason in caught.value.reason


def test_loading_twice_is_a_duplicate_and_changes_nothing() -> None:
    store = Store.from_dataset(base(), now=NOW)
    before = snapshot(store)
    with pytest.raises(DatasetError, match="already in the store"):
        store.load(base())
    assert snapshot(store) == before


def test_incremental_loads_reference_earlier_batches() -> None:
    store = Store.from_dataset(base(), now=NOW)
    store.load({"flow_runs": [{"name": "r2", "flow_id": FLOW, "deployment_id": DEP}]})
    assert store.request("flow_runs/count", {"deployments": {"name": {"any_": ["nightly"]}}}) == (200, 1)
    store.check()


def test_lenient_loading_ignores_unknown_fields() -> None:
    data = base()
    data["flows"][0]["color"] = "blue"
    with pytest.raises(DatasetError):
        Store.from_dataset(copy.deepcopy(data))
    assert Store.from_dataset(data, strict=False).counts()["flows"] == 1


def test_a_response_fed_back_as_data_round_trips() -> None:
    store = Store.from_dataset(base(), now=NOW)
    status, runs = store.request("flow_runs/filter", {})
    assert status == 200
    data = base()
    data["flow_runs"] = copy.deepcopy(runs)  # derived response fields are accepted and ignored
    assert Store.from_dataset(data, now=NOW).request("flow_runs/filter", {})[1] == runs
