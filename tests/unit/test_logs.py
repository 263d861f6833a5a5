"""Logs as a dataset kind: Prefect's LogCreate rules when loading, export, and the purge of a deleted run's logs.

docs/semantics.md#logs
"""

from __future__ import annotations

from typing import Any

import pytest

from runfilter import DatasetError, Store

FLOW = "00000000-0000-4000-8000-000000000f01"
RUN = "00000000-0000-4000-8000-000000000e01"
OTHER_RUN = "00000000-0000-4000-8000-000000000e02"
TASK = "00000000-0000-4000-8000-000000000701"
NOW = "2026-11-01T00:00:00Z"


def log(index: int, **fields: Any) -> dict[str, Any]:
    """A valid log item of RUN; `fields` override."""
    item = {
        "id": f"00000000-0000-4000-8000-0000000001{index:02d}",
        "name": "prefect.flow_runs",
        "level": 20,
        "message": f"line {index}",
        "timestamp": f"2026-10-01T00:00:{index:02d}Z",
        "flow_run_id": RUN,
    }
    return {**item, **fields}


def dataset(*logs: dict[str, Any]) -> dict[str, Any]:
    return {
        "flows": [{"id": FLOW, "name": "f"}],
        "flow_runs": [
            {"id": RUN, "name": "one", "flow_id": FLOW, "state_type": "COMPLETED"},
            {"id": OTHER_RUN, "name": "two", "flow_id": FLOW, "state_type": "COMPLETED"},
        ],
        "task_runs": [{"id": TASK, "name": "t", "flow_run_id": RUN, "state_type": "COMPLETED"}],
        "logs": list(logs),
    }


def read_logs(store: Store, body: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    status, payload = store.request("logs/filter", body or {})
    assert status == 200, payload
    return payload


@pytest.mark.parametrize("field", ["name", "level", "message", "timestamp"])
def test_required_fields_are_named_in_the_error(field: str) -> None:
    item = log(0)
    del item[field]
    with pytest.raises(DatasetError, match=rf"logs\[1\]\.{field}: required"):
        Store.from_dataset(dataset(log(1), item), now=NOW)


@pytest.mark.parametrize(
    ("field", "value"),
    [("level", 20.5), ("level", "high"), ("name", 5), ("message", ["x"]), ("timestamp", "soon"), ("flow_run_id", "r1")],
)
def test_invalid_values_are_refused_with_the_field(field: str, value: Any) -> None:
    with pytest.raises(DatasetError, match=rf"logs\[0\]\.{field}: "):
        Store.from_dataset(dataset(log(0, **{field: value})), now=NOW)


def test_an_error_leaves_the_store_as_it_was() -> None:
    store = Store.from_dataset(dataset(log(0)), now=NOW)
    with pytest.raises(DatasetError, match=r"logs\[1\]\.level"):
        store.insert({"logs": [log(1), log(2, level=None)]})
    assert [entry["id"] for entry in read_logs(store)] == [log(0)["id"]]


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(DatasetError, match=r"logs\[1\]"):
        Store.from_dataset(dataset(log(0), log(0)), now=NOW)


def test_lax_level_empty_text_and_nul_characters() -> None:
    store = Store.from_dataset(dataset(log(0, level="30", name="a\x00b", message="")), now=NOW)
    (entry,) = read_logs(store)
    assert (entry["level"], entry["name"], entry["message"]) == (30, "ab", "")


def test_created_defaults_to_the_timestamp_and_updated_to_created() -> None:
    store = Store.from_dataset(
        dataset(log(0, timestamp="2026-10-01T04:00:00+02:00"), log(1, created="2026-10-05T00:00:00Z")), now=NOW
    )
    second, first = read_logs(store)  # oldest first: log 1 (00:00:01Z) before log 0 (02:00Z)
    assert first["timestamp"] == first["created"] == first["updated"] == "2026-10-01T02:00:00Z"
    assert second["created"] == second["updated"] == "2026-10-05T00:00:00Z"


def test_run_ids_are_not_checked() -> None:
    ghost = "00000000-0000-4000-8000-0000000000ee"
    store = Store.from_dataset(dataset(log(0, flow_run_id=ghost, task_run_id=ghost)), now=NOW)
    store.check()
    assert read_logs(store, {"logs": {"flow_run_id": {"any_": [ghost]}}})[0]["task_run_id"] == ghost


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(DatasetError, match=r"logs\[0\]"):
        Store.from_dataset(dataset(log(0, worker_id=RUN)), now=NOW)


def test_dump_reloads_to_the_same_answers() -> None:
    logs = (log(0, task_run_id=TASK), log(1, name="x\x00"), log(2, flow_run_id=None))
    store = Store.from_dataset(dataset(*logs), now=NOW)
    again = Store.from_dataset(store.dump(), now=NOW)
    assert read_logs(again) == read_logs(store)
    download = f"flow_runs/{RUN}/logs/download"
    assert again.request(download, None, "GET") == store.request(download, None, "GET")


def test_deleting_a_flow_run_purges_its_logs() -> None:
    store = Store.from_dataset(dataset(log(0), log(1, flow_run_id=OTHER_RUN), log(2, flow_run_id=None)), now=NOW)
    removed = store.delete({"flow_runs": [RUN]})
    assert (removed["flow_runs"], removed["task_runs"], removed["logs"]) == (1, 1, 1)
    assert [entry["id"] for entry in read_logs(store)] == [log(1)["id"], log(2)["id"]]
    store.check()


def test_deleting_a_task_run_purges_its_logs_only() -> None:
    store = Store.from_dataset(dataset(log(0), log(1, task_run_id=TASK)), now=NOW)
    removed = store.delete({"task_runs": [TASK]})
    assert removed["logs"] == 1
    assert [entry["id"] for entry in read_logs(store)] == [log(0)["id"]]


def test_a_cascade_keeps_the_logs() -> None:
    # deleting a flow takes its runs through the foreign keys; Prefect's flow delete route purges no logs
    store = Store.from_dataset(dataset(log(0), log(1, task_run_id=TASK)), now=NOW)
    removed = store.delete({"flows": [FLOW]})
    assert (removed["flow_runs"], removed["logs"]) == (2, 0)
    assert len(read_logs(store)) == 2


def test_logs_can_be_deleted_by_id() -> None:
    store = Store.from_dataset(dataset(log(0), log(1)), now=NOW)
    assert store.delete({"logs": [log(0)["id"]]})["logs"] == 1
    assert [entry["id"] for entry in read_logs(store)] == [log(1)["id"]]


def test_a_download_lists_the_runs_logs_oldest_first_as_csv() -> None:
    store = Store.from_dataset(
        dataset(log(2, message='a "b", c'), log(1, task_run_id=TASK, timestamp="2026-10-01T00:00:01.5Z")), now=NOW
    )
    status, text = store.request(f"flow_runs/{RUN}/logs/download", None, "GET")
    assert status == 200
    assert text.split("\r\n") == [
        "timestamp,level,flow_run_id,task_run_id,message",
        f"2026-10-01 00:00:01.500000+00:00,20,{RUN},{TASK},line 1",
        f'2026-10-01 00:00:02+00:00,20,{RUN},,"a ""b"", c"',
        "",
    ]
