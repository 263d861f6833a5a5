"""State history (``flow_runs[i].states`` / ``task_runs[i].states``): every loading rule and error, the
derived run columns, the state-id index, export and delete (docs/semantics.md#state-history)."""

from __future__ import annotations

import json
import uuid

import pytest

from runfilter import DatasetError, Store
from runfilter.entities.runs.state_history import Transition, replay_transitions
from runfilter.timeutil import format_ts

FLOW = "00000000-0000-0000-0000-0000000000f1"
RUN = "00000000-0000-0000-0000-0000000000c1"
TASK = "00000000-0000-0000-0000-0000000000e1"
SID = "00000000-0000-0000-0000-00000000005a"
NOW = "2026-11-01T00:00:00Z"


def t(hour: int, minute: int = 0) -> str:
    return f"2026-10-31T{hour:02d}:{minute:02d}:00Z"


def store_with(run: dict, task: dict | None = None) -> Store:
    dataset = {
        "flows": [{"id": FLOW, "name": "etl"}],
        "flow_runs": [{"id": RUN, "flow_id": FLOW, "created": t(0), **run}],
    }
    if task is not None:
        dataset["task_runs"] = [{"id": TASK, "flow_run_id": RUN, "created": t(0), **task}]
    store = Store.from_dataset(dataset, now=NOW)
    store.check()
    return store


def states(store: Store, kind: str = "flow_runs", run_id: str = RUN) -> list[dict]:
    param = "flow_run_id" if kind == "flow_runs" else "task_run_id"
    status, body = store.request(f"/{kind[:-1]}_states/", None, "GET", {param: run_id})
    assert status == 200
    return body


def flow_run(store: Store) -> dict:
    status, body = store.request(f"/flow_runs/{RUN}", None, "GET")
    assert status == 200
    return body


def refused(run: dict, path: str, reason: str = "") -> DatasetError:
    with pytest.raises(DatasetError) as caught:
        store_with(run)
    assert caught.value.path == path, caught.value
    assert reason in caught.value.reason
    return caught.value


HAPPY = [
    {"type": "SCHEDULED", "timestamp": t(1)},
    {"type": "PENDING", "timestamp": t(2)},
    {"type": "RUNNING", "timestamp": t(3)},
    {"type": "COMPLETED", "timestamp": t(4)},
]


# -- the history and its defaults


def test_history_is_read_oldest_first_with_default_names_and_ids() -> None:
    got = states(store_with({"states": HAPPY}))
    assert [s["type"] for s in got] == ["SCHEDULED", "PENDING", "RUNNING", "COMPLETED"]
    assert [s["name"] for s in got] == ["Scheduled", "Pending", "Running", "Completed"]
    ids = [str(uuid.uuid5(uuid.UUID(RUN), f"state-{j}")) for j in range(3)] + [str(uuid.uuid5(uuid.UUID(RUN), "state"))]
    assert [s["id"] for s in got] == ids
    assert all(s["state_details"]["flow_run_id"] == RUN and s["data"] is None for s in got)


def test_the_last_entry_is_the_current_state() -> None:
    run = flow_run(store_with({"states": HAPPY}))
    assert (run["state_type"], run["state_name"]) == ("COMPLETED", "Completed")
    assert run["state"]["timestamp"] == format_ts_text(t(4))
    assert run["state_id"] == str(uuid.uuid5(uuid.UUID(RUN), "state"))


def format_ts_text(text: str) -> str:
    from runfilter import codecs

    return format_ts(codecs.TIME.read(text))


def test_one_entry_loads_like_the_state_type_form() -> None:
    given = {"start_time": t(1), "end_time": t(2), "run_count": 1, "total_run_time": 3600}
    a = store_with({**given, "states": [{"type": "COMPLETED"}]})
    b = store_with({**given, "state_type": "COMPLETED"})
    assert states(a) == states(b)
    assert flow_run(a)["state"] == flow_run(b)["state"]


def test_run_columns_fill_the_last_entry() -> None:
    store = store_with(
        {
            "state_type": "FAILED",
            "state_name": "Boom",
            "state_timestamp": t(5),
            "state": {"message": "exit 1", "id": SID},
            "states": [{"type": "RUNNING", "timestamp": t(4)}, {}],
        }
    )
    last = states(store)[-1]
    assert (last["id"], last["type"], last["name"], last["message"]) == (SID, "FAILED", "Boom", "exit 1")
    assert flow_run(store)["state_id"] == SID


def test_earlier_entries_keep_ids_names_messages_and_details() -> None:
    entry = {"type": "PAUSED", "timestamp": t(2), "id": SID, "name": "Suspended", "message": "wait"}
    entry["state_details"] = {"pause_key": "k"}
    got = states(store_with({"states": [entry, {"type": "RUNNING", "timestamp": t(3)}]}))[0]
    assert (got["id"], got["name"], got["message"], got["state_details"]["pause_key"]) == (
        SID,
        "Suspended",
        "wait",
        "k",
    )


def test_task_run_states_name_the_flow_run_and_the_task_run() -> None:
    store = store_with({"state_type": "RUNNING"}, {"states": HAPPY[1:]})
    got = states(store, "task_runs", TASK)
    assert [s["state_details"]["task_run_id"] for s in got] == [TASK] * 3
    assert {s["state_details"]["flow_run_id"] for s in got} == {RUN}


def test_subflow_states_name_the_parent_task_run() -> None:
    dataset = {
        "flows": [{"id": FLOW, "name": "etl"}],
        "flow_runs": [
            {"id": RUN, "flow_id": FLOW, "state_type": "RUNNING"},
            {"id": SID, "flow_id": FLOW, "parent_task_run_id": TASK, "states": HAPPY},
        ],
        "task_runs": [{"id": TASK, "flow_run_id": RUN}],
    }
    got = states(Store.from_dataset(dataset, now=NOW), run_id=SID)
    assert {s["state_details"]["task_run_id"] for s in got} == {TASK}


def test_empty_history_means_no_state() -> None:
    store = store_with({"states": []})
    assert states(store) == []
    assert flow_run(store)["state"] is None


# -- scheduled_time defaults


def scheduled_times(store: Store) -> list[str | None]:
    return [s["state_details"]["scheduled_time"] for s in states(store)]


def test_first_scheduled_entry_is_scheduled_for_the_given_expected_start() -> None:
    store = store_with(
        {
            "expected_start_time": t(9),
            "states": [{"type": "SCHEDULED", "timestamp": t(1)}, {"type": "PENDING", "timestamp": t(2)}],
        }
    )
    assert scheduled_times(store)[0] == format_ts_text(t(9))


def test_scheduled_entries_default_to_their_timestamp() -> None:
    history = [
        {"type": "SCHEDULED", "timestamp": t(1)},
        {"type": "SCHEDULED", "timestamp": t(2), "name": "Late"},
        {"type": "PENDING", "timestamp": t(3)},
    ]
    assert scheduled_times(store_with({"states": history}))[:2] == [format_ts_text(t(1)), format_ts_text(t(2))]


def test_last_scheduled_entry_of_a_longer_history_uses_next_scheduled_start_else_its_timestamp() -> None:
    history = [
        {"type": "PENDING", "timestamp": t(1)},
        {"type": "SCHEDULED", "timestamp": t(2), "name": "AwaitingRetry"},
    ]
    assert scheduled_times(store_with({"states": history}))[-1] == format_ts_text(t(2))
    given = store_with({"next_scheduled_start_time": t(7), "expected_start_time": t(8), "states": history})
    assert scheduled_times(given)[-1] == format_ts_text(t(7))


def test_one_scheduled_entry_uses_next_scheduled_then_expected_start() -> None:
    only = [{"type": "SCHEDULED", "timestamp": t(1)}]
    assert scheduled_times(store_with({"expected_start_time": t(8), "states": only})) == [format_ts_text(t(8))]
    assert scheduled_times(store_with({"states": only})) == [format_ts_text(t(1))]


# -- derived run columns


def derived(history: list[dict], **given: object) -> dict:
    run = flow_run(store_with({"states": history, **given}))
    keys = ("expected_start_time", "next_scheduled_start_time", "start_time", "end_time", "total_run_time", "run_count")
    return {key: run[key] for key in keys}


def test_derived_columns_of_a_happy_path() -> None:
    assert derived(HAPPY) == {
        "expected_start_time": format_ts_text(t(1)),
        "next_scheduled_start_time": None,
        "start_time": format_ts_text(t(3)),
        "end_time": format_ts_text(t(4)),
        "total_run_time": 3600.0,
        "run_count": 1,
    }


def test_retries_add_run_time_and_count_and_leaving_a_terminal_state_clears_the_end() -> None:
    history = [
        {"type": "RUNNING", "timestamp": t(1)},
        {"type": "FAILED", "timestamp": t(2)},
        {"type": "RUNNING", "timestamp": t(3)},
        {"type": "COMPLETED", "timestamp": t(3, 30)},
    ]
    got = derived(history)
    assert (got["run_count"], got["total_run_time"]) == (2, 5400.0)
    assert (got["start_time"], got["end_time"]) == (format_ts_text(t(1)), format_ts_text(t(3, 30)))
    still_running = derived(history[:3])
    assert still_running["end_time"] is None


def test_a_terminal_state_sets_a_missing_start_and_a_second_one_keeps_the_end() -> None:
    got = derived(
        [
            {"type": "PENDING", "timestamp": t(1)},
            {"type": "CANCELLED", "timestamp": t(2)},
            {"type": "CRASHED", "timestamp": t(3)},
        ]
    )
    assert (got["start_time"], got["end_time"], got["run_count"]) == (format_ts_text(t(2)), format_ts_text(t(2)), 0)


def test_next_scheduled_start_follows_the_current_scheduled_state() -> None:
    history = [{"type": "SCHEDULED", "timestamp": t(1), "state_details": {"scheduled_time": t(5)}}]
    assert derived(history)["next_scheduled_start_time"] == format_ts_text(t(5))
    assert derived(history)["expected_start_time"] == format_ts_text(t(5))
    left = derived([*history, {"type": "PENDING", "timestamp": t(2)}])
    assert left["next_scheduled_start_time"] is None


def test_given_columns_win_even_null() -> None:
    got = derived(HAPPY, run_count=7, start_time=None, total_run_time=1.5)
    assert (got["run_count"], got["start_time"], got["total_run_time"]) == (7, None, 1.5)
    assert got["end_time"] == format_ts_text(t(4))


def test_replay_starts_from_no_state() -> None:
    assert replay_transitions([]) == {
        "expected_start_time": None,
        "next_scheduled_start_time": None,
        "start_time": None,
        "end_time": None,
        "total_run_time": 0,
        "run_count": 0,
    }
    assert replay_transitions([Transition("PAUSED", 5, None)])["expected_start_time"] == 5


def test_filters_read_the_current_state_only() -> None:
    store = store_with({"states": HAPPY})
    count = store.request("/flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["RUNNING"]}}}})
    assert count == (200, 0)


# -- errors: all or nothing, naming states[k]


@pytest.mark.parametrize(
    ("run", "path", "reason"),
    [
        ({"states": {"type": "RUNNING"}}, "flow_runs[0].states", "expected a list"),
        ({"states": [], "state_type": "RUNNING"}, "flow_runs[0].states", "empty, but the run has a current state"),
        ({"states": [], "state": {"type": "RUNNING"}}, "flow_runs[0].states", "empty"),
        ({"states": ["RUNNING"]}, "flow_runs[0].states[0]", "expected a state object"),
        ({"states": [{"type": "RUNNING", "colour": 1}]}, "flow_runs[0].states[0]", "unknown field(s) ['colour']"),
        ({"states": [{"type": "RUNNING", "data": {"x": 1}}]}, "flow_runs[0].states[0].data", "not supported"),
        ({"states": [{"timestamp": t(1)}, {"type": "RUNNING"}]}, "flow_runs[0].states[0].type", "required"),
        ({"states": [{"type": "PENDING"}, {"type": "RUNNING"}]}, "flow_runs[0].states[0].timestamp", "required"),
        ({"states": [{"type": "RUNNING", "timestamp": t(1)}, {}]}, "flow_runs[0].states[1].type", "required"),
        ({"states": [{"type": "WAITING"}]}, "flow_runs[0].states[0].type", "unknown state type"),
        ({"states": [{"type": "RUNNING", "timestamp": "soon"}]}, "flow_runs[0].states[0].timestamp", ""),
        ({"states": [{"type": "RUNNING", "id": "x"}]}, "flow_runs[0].states[0].id", ""),
        (
            {"states": [{"type": "RUNNING", "state_details": {"scheduled_time": "x"}}]},
            "flow_runs[0].states[0].state_details",
            "",
        ),
        ({"states": [{"type": "RUNNING", "state_details": 3}]}, "flow_runs[0].states[0].state_details", ""),
        (
            {"state_type": "FAILED", "states": [{"type": "RUNNING"}]},
            "flow_runs[0].states[0].type",
            "!= state_type 'FAILED'",
        ),
        (
            {"state_name": "A", "states": [{"type": "RUNNING", "name": "B"}]},
            "flow_runs[0].states[0].name",
            "!= state_name",
        ),
        (
            {"state_timestamp": t(1), "states": [{"type": "RUNNING", "timestamp": t(2)}]},
            "flow_runs[0].states[0].timestamp",
            "!= state_timestamp",
        ),
        ({"state_id": SID, "states": [{"type": "RUNNING", "id": RUN}]}, "flow_runs[0].states[0].id", "!= state_id"),
        (
            {"state": {"message": "a"}, "states": [{"type": "RUNNING", "message": "b"}]},
            "flow_runs[0].states[0].message",
            "!= state.message",
        ),
        (
            {"state": {"type": "FAILED"}, "states": [{"type": "RUNNING"}]},
            "flow_runs[0].states[0].type",
            "!= state.type",
        ),
        (
            {"states": [{"type": "PENDING", "timestamp": t(2)}, {"type": "RUNNING", "timestamp": t(2)}]},
            "flow_runs[0].states[1].timestamp",
            "is not later than states[0]",
        ),
        (
            {"states": [{"type": "PENDING", "timestamp": t(2)}, {"type": "RUNNING"}]},
            "flow_runs[0].states[1].timestamp",
            "not later",
        ),
        (
            {
                "states": [
                    {"type": "PENDING", "timestamp": t(1), "id": SID},
                    {"type": "RUNNING", "timestamp": t(2), "id": SID},
                ]
            },
            "flow_runs[0].states[1].id",
            "duplicate state id",
        ),
    ],
)
def test_bad_histories_are_refused(run: dict, path: str, reason: str) -> None:
    refused(run, path, reason)


def test_a_refused_history_leaves_the_store_unchanged() -> None:
    store = store_with({"states": HAPPY})
    before = store.dump()
    bad = {"id": SID, "flow_id": FLOW, "states": [{"type": "RUNNING", "data": 1}]}
    with pytest.raises(DatasetError):
        store.insert({"flow_runs": [bad]})
    assert store.dump() == before
    store.check()


def test_task_run_errors_name_the_task_run() -> None:
    with pytest.raises(DatasetError) as caught:
        store_with({"state_type": "RUNNING"}, {"states": [{"type": "RUNNING", "timestamp": t(1)}, {"type": "X"}]})
    assert caught.value.path == "task_runs[0].states[1].type"


# -- by id, export, delete


def test_every_state_is_found_by_its_id_until_the_run_goes() -> None:
    store = store_with({"states": HAPPY}, {"states": HAPPY[1:]})
    for state in states(store):
        assert store.request(f"/flow_run_states/{state['id']}", None, "GET") == (200, state)
    earliest = states(store, "task_runs", TASK)[0]
    assert store.request(f"/task_run_states/{earliest['id']}", None, "GET") == (200, earliest)
    assert store.request(f"/flow_run_states/{earliest['id']}", None, "GET")[0] == 404
    store.delete({"flow_runs": [RUN]})  # its task runs and every state go with it
    store.check()
    assert store.request(f"/flow_run_states/{states_ids(HAPPY)[0]}", None, "GET")[0] == 404
    assert store.request(f"/task_run_states/{earliest['id']}", None, "GET")[0] == 404


def states_ids(history: list[dict]) -> list[str]:
    return [str(uuid.uuid5(uuid.UUID(RUN), f"state-{j}")) for j in range(len(history) - 1)]


def test_upsert_replaces_the_history_in_the_state_index() -> None:
    store = store_with({"states": HAPPY})
    old = states(store)[0]["id"]
    store.upsert({"flow_runs": [{"id": RUN, "flow_id": FLOW, "states": [{"type": "RUNNING", "id": SID}]}]})
    store.check()
    assert store.request(f"/flow_run_states/{old}", None, "GET")[0] == 404
    assert store.request(f"/flow_run_states/{SID}", None, "GET")[0] == 200


def test_dump_exports_the_history_and_reloads_the_same() -> None:
    store = store_with(
        {
            "next_scheduled_start_time": t(9),
            "states": [*HAPPY, {"type": "SCHEDULED", "timestamp": t(5), "name": "AwaitingRetry"}],
        },
        {"states": HAPPY[1:]},
    )
    dumped = store.dump()
    assert dumped["flow_runs"][0]["states"][-1] == {}
    again = Store.from_dataset(json.loads(json.dumps(dumped)), now=NOW)
    again.check()
    assert again.dump() == dumped
    assert states(again) == states(store)
    assert states(again, "task_runs", TASK) == states(store, "task_runs", TASK)
    assert flow_run(again) == flow_run(store)


def test_observed_states_count_earlier_states() -> None:
    store = store_with({"states": HAPPY})
    status, pairs = store.request("/observed-states", None, "GET", {"order_by": "NAME_ASC"})
    assert status == 200
    assert [p["state_type"] for p in pairs] == ["COMPLETED", "PENDING", "RUNNING", "SCHEDULED"]


def test_graph_lists_the_whole_history() -> None:
    status, graph = store_with({"states": HAPPY}).request(f"/flow_runs/{RUN}/graph-v2", None, "GET")
    assert status == 200
    assert [s["type"] for s in graph["states"]] == ["SCHEDULED", "PENDING", "RUNNING", "COMPLETED"]
