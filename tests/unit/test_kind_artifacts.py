"""Artifacts: the dataset rules, their errors, and the per-key collection derived through every write."""

from __future__ import annotations

import uuid

import pytest

from runfilter import Store
from runfilter.errors import DatasetError

NOW = "2026-11-01T00:00:00Z"
RUN = "00000000-0000-0000-000e-000000000001"


def _id(i: int) -> str:
    return f"00000000-0000-0000-00a0-{i:012x}"


def _art(i: int, key: str | None = "report", created: str = "2026-10-01T00:00:00Z", **fields: object) -> dict:
    return {"id": _id(i), "key": key, "created": created, **fields}


def _latest(store: Store, key: str = "report") -> dict:
    status, body = store.request(f"artifacts/{key}/latest", method="GET")
    assert status == 200, body
    return body


def _collections(store: Store) -> list[dict]:
    status, body = store.request("artifacts/latest/filter", {"sort": "KEY_ASC"})
    assert status == 200
    return body


def test_defaults_and_round_trip() -> None:
    store = Store.from_dataset({"artifacts": [{"id": _id(1), "created": "2026-10-01T00:00:00Z"}]}, now=NOW)
    (item,) = store.dump()["artifacts"]
    assert item["key"] is None and item["type"] is None and item["data"] is None and item["metadata_"] is None
    assert item["updated"] == item["created"]
    again = Store.from_dataset(store.dump(), now=NOW)
    assert again.dump() == store.dump()
    again.check()


def test_created_defaults_to_now_and_run_ids_are_not_checked() -> None:
    store = Store.from_dataset({"artifacts": [{"id": _id(1), "flow_run_id": RUN, "task_run_id": RUN}]}, now=NOW)
    _, body = store.request(f"artifacts/{_id(1)}", method="GET")
    assert body["created"] == "2026-11-01T00:00:00Z" and body["flow_run_id"] == RUN
    store.check()


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ({"key": "Report"}, "artifacts[0].key"),
        ({"key": "a_b"}, "artifacts[0].key"),
        ({"key": 5}, "artifacts[0].key"),
        ({"metadata_": {"n": 1}}, "artifacts[0].metadata_"),
        ({"metadata_": ["a"]}, "artifacts[0].metadata_"),
        ({"flow_run_id": "x"}, "artifacts[0].flow_run_id"),
        ({"type": 3}, "artifacts[0].type"),
        ({"created": "yesterday"}, "artifacts[0].created"),
        ({"latest_id": _id(2)}, "artifacts[0]"),
    ],
)
def test_invalid_items_name_the_field(item: dict, where: str) -> None:
    with pytest.raises(DatasetError) as info:
        Store.from_dataset({"artifacts": [{"id": _id(1), **item}]}, now=NOW)
    assert str(info.value).startswith(where)


def test_a_bad_item_loads_nothing() -> None:
    store = Store.from_dataset({"artifacts": [_art(1)]}, now=NOW)
    with pytest.raises(DatasetError):
        store.insert({"artifacts": [_art(2), _art(3, key="BAD")]})
    assert store.counts()["artifacts"] == 1
    assert _latest(store)["id"] == str(uuid.uuid5(uuid.UUID(_id(1)), "artifact-collection"))
    store.check()


def test_long_metadata_values_are_cut_as_prefect_does() -> None:
    store = Store.from_dataset({"artifacts": [_art(1, metadata_={"long": "x" * 501, "ok": "y" * 500})]}, now=NOW)
    _, body = store.request(f"artifacts/{_id(1)}", method="GET")
    assert body["metadata_"] == {"long": "x" * 500 + "...", "ok": "y" * 500}


def test_the_collection_takes_the_latest_created_and_ties_go_to_the_later_item() -> None:
    store = Store.from_dataset(
        {
            "artifacts": [
                _art(1, created="2026-10-01T00:00:00Z", type="a"),
                _art(2, created="2026-10-03T00:00:00Z", type="b", updated="2026-10-04T00:00:00Z"),
                _art(3, created="2026-10-03T00:00:00Z", type="c", updated="2026-10-05T00:00:00Z"),
                _art(4, key=None, created="2026-10-09T00:00:00Z"),
            ]
        },
        now=NOW,
    )
    (collection,) = _collections(store)
    assert collection["latest_id"] == _id(3) and collection["type"] == "c"
    assert collection["created"] == "2026-10-01T00:00:00Z" and collection["updated"] == "2026-10-05T00:00:00Z"
    assert collection["id"] == str(uuid.uuid5(uuid.UUID(_id(1)), "artifact-collection"))
    store.check()


def test_the_collection_follows_insert_upsert_and_delete() -> None:
    store = Store.from_dataset({"artifacts": [_art(1, created="2026-10-01T00:00:00Z")]}, now=NOW)
    assert _latest(store)["updated"] == "2026-10-01T00:00:00Z"  # the followed structure is built now
    store.insert({"artifacts": [_art(2, created="2026-10-02T00:00:00Z", type="new")]})
    assert [c["latest_id"] for c in _collections(store)] == [_id(2)]
    store.check()
    # upsert moves the newer artifact to another key: "report" falls back to the first
    store.upsert({"artifacts": [_art(2, key="other", created="2026-10-02T00:00:00Z")]})
    assert [(c["key"], c["latest_id"]) for c in _collections(store)] == [("other", _id(2)), ("report", _id(1))]
    store.check()
    # deleting the key's only (and earliest) artifact removes its collection
    store.delete({"artifacts": [_id(1)]})
    assert [c["key"] for c in _collections(store)] == ["other"]
    assert store.request("artifacts/report/latest", method="GET") == (404, {"detail": "Artifact not found."})
    assert store.request("artifacts/latest/count", {}) == (200, 1)
    store.check()


def test_deleting_a_flow_run_leaves_its_artifacts() -> None:
    dataset = {
        "flows": [{"id": "00000000-0000-0000-000f-000000000001", "name": "etl"}],
        "flow_runs": [{"id": RUN, "flow_id": "00000000-0000-0000-000f-000000000001", "name": "r"}],
        "artifacts": [_art(1, flow_run_id=RUN)],
    }
    store = Store.from_dataset(dataset, now=NOW)
    store.delete({"flow_runs": [RUN]})
    assert store.request("artifacts/count", {}) == (200, 1)
    assert store.request("artifacts/count", {"flow_runs": {}}) == (200, 0)
    store.check()


def test_the_naive_engine_derives_the_same_collections() -> None:
    from runfilter.naive import naive_request

    store = Store.from_dataset(
        {"artifacts": [_art(1), _art(2, created="2026-10-02T00:00:00Z"), _art(3, key="b")]}, now=NOW
    )
    for path, body, method in (
        ("artifacts/latest/filter", {"sort": "CREATED_DESC"}, "POST"),
        ("artifacts/latest/count", {"artifacts": {"latest_id": {"any_": [_id(1), _id(2)]}}}, "POST"),
        ("artifacts/report/latest", None, "GET"),
    ):
        assert naive_request(store, path, body, method) == store.request(path, body, method)
