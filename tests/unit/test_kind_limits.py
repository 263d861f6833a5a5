"""Concurrency limits: loading rules, errors, name clashes, deletes, export (docs/semantics.md#concurrency-limits)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from runfilter import DatasetError, Store

NOW = "2026-11-01T00:00:00Z"
FLOW = "00000000-0000-0000-000f-0000000000c1"
DEP = "00000000-0000-0000-000d-0000000000c1"
DEP_LIMIT = str(uuid.uuid5(uuid.UUID(DEP), "concurrency-limit"))
TAG = "00000000-0000-0000-00c1-000000000001"
GLOBAL = "00000000-0000-0000-00c2-000000000001"
TABLE = "concurrency_limits_v2"


def base() -> dict[str, Any]:
    """A deployment with a limit, a tag limit and a global limit."""
    return {
        "flows": [{"id": FLOW, "name": "f", "created": NOW}],
        "deployments": [{"id": DEP, "name": "d", "flow_id": FLOW, "concurrency_limit": 2, "created": NOW}],
        "concurrency_limits": [{"id": TAG, "tag": "db", "concurrency_limit": 3, "created": NOW}],
        "global_concurrency_limits": [
            {"id": GLOBAL, "name": "api", "limit": 5, "active_slots": 1, "slot_decay_per_second": 0.5, "created": NOW}
        ],
    }


def names(store: Store) -> list[str]:
    """The v2 route's names, in its order."""
    status, rows = store.request("v2/concurrency_limits/filter", {})
    assert status == 200
    return [row["name"] for row in rows]


def test_one_table_holds_tag_global_and_deployment_limits() -> None:
    store = Store.from_dataset(base(), now=NOW)
    assert store.counts()[TABLE] == 3
    assert names(store) == ["api", f"deployment:{DEP}", "tag:db"]
    limit = store.tables[TABLE][TAG]
    assert (limit.name, limit.limit, limit.active, limit.active_slots, limit.slot_decay_per_second) == (
        "tag:db",
        3,
        True,
        0,
        0.0,
    )
    # the deployment response nests the very row the v2 routes list
    _, dep = store.request(f"deployments/{DEP}", method="GET")
    _, row = store.request(f"v2/concurrency_limits/{DEP_LIMIT}", method="GET")
    assert dep["global_concurrency_limit"] == row
    store.check()


def test_defaults_follow_prefects_create_models() -> None:
    data = {"global_concurrency_limits": [{"name": "x", "limit": 0}]}
    store = Store.from_dataset(data, now=NOW)
    (limit,) = store.tables[TABLE].values()
    assert (limit.active, limit.active_slots, limit.denied_slots) == (True, 0, 0)
    assert (limit.slot_decay_per_second, limit.avg_slot_occupancy_seconds) == (0.0, 2.0)
    assert limit.created == limit.updated


def test_prefects_lax_validation_coerces_as_pydantic_does() -> None:
    data = {
        "concurrency_limits": [{"tag": "t", "concurrency_limit": "-1"}],
        "global_concurrency_limits": [{"name": "x", "limit": "4", "active": "false", "slot_decay_per_second": 1}],
    }
    store = Store.from_dataset(data, now=NOW)
    by_name = {limit.name: limit for limit in store.tables[TABLE].values()}
    # ConcurrencyLimitCreate's limit is any integer; ConcurrencyLimitV2Create's is non-negative
    assert by_name["tag:t"].limit == -1
    assert (by_name["x"].limit, by_name["x"].active, by_name["x"].slot_decay_per_second) == (4, False, 1.0)


@pytest.mark.parametrize(
    ("mutate", "path", "reason"),
    [
        (
            lambda d: d["concurrency_limits"][0].update(active_slots=[GLOBAL]),
            "concurrency_limits[0].active_slots",
            "empty",
        ),
        (lambda d: d["concurrency_limits"][0].pop("tag"), "concurrency_limits[0].tag", "required"),
        (lambda d: d["concurrency_limits"][0].update(tag="a/b"), "concurrency_limits[0].tag.name", "pattern"),
        (
            lambda d: d["concurrency_limits"][0].update(concurrency_limit=1.5),
            "concurrency_limits[0].concurrency_limit",
            "integer",
        ),
        (lambda d: d["concurrency_limits"][0].update(name="x"), "concurrency_limits[0]", "unknown field"),
        (
            lambda d: d["global_concurrency_limits"][0].update(limit=-1),
            "global_concurrency_limits[0].limit",
            "greater than or equal to 0",
        ),
        (lambda d: d["global_concurrency_limits"][0].update(name=""), "global_concurrency_limits[0].name", "pattern"),
        (lambda d: d["global_concurrency_limits"][0].update(name="a%"), "global_concurrency_limits[0].name", "pattern"),
        (
            lambda d: d["global_concurrency_limits"][0].update(active=None),
            "global_concurrency_limits[0].active",
            "boolean",
        ),
        (
            lambda d: d["global_concurrency_limits"][0].update(slot_decay_per_second=-0.1),
            "global_concurrency_limits[0].slot_decay_per_second",
            "greater than or equal to 0",
        ),
        (lambda d: d["global_concurrency_limits"][0].update(tag="x"), "global_concurrency_limits[0]", "unknown field"),
        (
            lambda d: d["global_concurrency_limits"][0].update(created="soon"),
            "global_concurrency_limits[0].created",
            "ISO 8601",
        ),
        (lambda d: d["global_concurrency_limits"][0].update(id=TAG), "global_concurrency_limits[0].id", "duplicate id"),
        (lambda d: d["global_concurrency_limits"].append({"id": "x", "name": "y", "limit": 1}), "[1].id", "UUID"),
    ],
)
def test_bad_items_name_their_path_and_load_nothing(mutate: Any, path: str, reason: str) -> None:
    store = Store(now=NOW)
    data = base()
    mutate(data)
    with pytest.raises(DatasetError) as raised:
        store.load(data)
    assert path in str(raised.value) and reason in str(raised.value)
    assert all(count == 0 for count in store.counts().values())


@pytest.mark.parametrize(
    ("mutate", "path", "holder"),
    [
        (
            lambda d: d["concurrency_limits"].append({"tag": "db", "concurrency_limit": 1}),
            "concurrency_limits[1].tag",
            "concurrency_limits[0]",
        ),
        (
            lambda d: d["global_concurrency_limits"].append({"name": "tag:db", "limit": 1}),
            "global_concurrency_limits[1].name",
            "concurrency_limits[0]",
        ),
        (
            lambda d: d["global_concurrency_limits"].append({"name": f"deployment:{DEP}", "limit": 1}),
            "global_concurrency_limits[1].name",
            DEP,
        ),
        (
            lambda d: d["global_concurrency_limits"].append({"name": "api", "limit": 1}),
            "global_concurrency_limits[1].name",
            "global_concurrency_limits[0]",
        ),
    ],
)
def test_names_are_unique_across_tag_global_and_deployment_limits(mutate: Any, path: str, holder: str) -> None:
    data = base()
    mutate(data)
    with pytest.raises(DatasetError, match="already used") as raised:
        Store.from_dataset(data, now=NOW)
    assert path in str(raised.value) and holder in str(raised.value)


def test_a_lenient_load_ignores_unknown_fields_of_both_lists() -> None:
    data = base()
    data["concurrency_limits"][0]["colour"] = "red"
    data["global_concurrency_limits"][0]["colour"] = "red"
    store = Store.from_dataset(data, now=NOW, strict=False)
    assert names(store) == ["api", f"deployment:{DEP}", "tag:db"]


def test_a_name_clash_with_the_store_is_refused_unless_the_holder_is_replaced() -> None:
    store = Store.from_dataset(base(), now=NOW)
    with pytest.raises(DatasetError, match="concurrency limit name 'api' already used by limit"):
        store.insert({"global_concurrency_limits": [{"name": "api", "limit": 1}]})
    with pytest.raises(DatasetError, match="tag:db"):
        store.insert({"global_concurrency_limits": [{"name": "tag:db", "limit": 1}]})
    # an upsert may move a name: the tag limit is renamed, its old name given to a new limit
    store.upsert(
        {
            "concurrency_limits": [{"id": TAG, "tag": "cache", "concurrency_limit": 3, "created": NOW}],
            "global_concurrency_limits": [{"name": "tag:db", "limit": 9}],
        }
    )
    assert names(store) == ["api", f"deployment:{DEP}", "tag:cache", "tag:db"]
    store.check()


def test_a_deployments_limit_row_is_not_an_item_of_the_lists() -> None:
    store = Store.from_dataset(base(), now=NOW)
    with pytest.raises(DatasetError, match="is the concurrency limit of deployment"):
        store.upsert({"global_concurrency_limits": [{"id": DEP_LIMIT, "name": "mine", "limit": 1}]})


def test_deleting_a_deployment_deletes_its_limit_and_deleting_the_limit_clears_the_deployments() -> None:
    # Prefect's delete_deployment deletes the deployment's limit row; the row's own delete sets the
    # deployment's concurrency_limit_id null (its response then nests no limit)
    store = Store.from_dataset(base(), now=NOW)
    assert store.delete({TABLE: [DEP_LIMIT]})[TABLE] == 1
    _, dep = store.request(f"deployments/{DEP}", method="GET")
    assert dep["global_concurrency_limit"] is None
    assert store.dump()["deployments"][0]["concurrency_limit"] is None
    store.check()
    store = Store.from_dataset(base(), now=NOW)
    removed = store.delete({"flows": [FLOW]})
    assert (removed["deployments"], removed[TABLE]) == (1, 1)
    assert names(store) == ["api", "tag:db"]
    store.check()


def test_an_upserted_deployment_without_a_limit_drops_its_row() -> None:
    # as Prefect's deployment update deletes the limit when concurrency_limit becomes null
    store = Store.from_dataset(base(), now=NOW)
    store.upsert({"deployments": [{"id": DEP, "name": "d", "flow_id": FLOW, "created": NOW}]})
    assert names(store) == ["api", "tag:db"]
    store.upsert({"deployments": [{"id": DEP, "name": "d", "flow_id": FLOW, "concurrency_limit": 7, "created": NOW}]})
    _, row = store.request(f"v2/concurrency_limits/deployment:{DEP}", method="GET")
    assert row["limit"] == 7
    store.check()


def test_dump_writes_tag_rows_as_v1_items_and_reloads_the_same() -> None:
    data = base()
    # a v2 item named tag:... that a v1 item could not express stays a v2 item
    data["global_concurrency_limits"].append({"name": "tag:busy", "limit": 2, "active_slots": 2, "created": NOW})
    data["global_concurrency_limits"].append({"name": "tag:plain", "limit": 2, "created": NOW})
    store = Store.from_dataset(data, now=NOW)
    dumped = store.dump()
    assert [item["tag"] for item in dumped["concurrency_limits"]] == ["db", "plain"]
    assert [item["name"] for item in dumped["global_concurrency_limits"]] == ["api", "tag:busy"]
    assert dumped["deployments"][0]["concurrency_limit"] == 2
    again = Store.from_dataset(dumped, now=NOW)
    assert again.dump() == dumped
    assert again.request("v2/concurrency_limits/filter", {}) == store.request("v2/concurrency_limits/filter", {})
    again.check()


def test_responses_decay_slots_at_the_requests_clock() -> None:
    data = {
        "global_concurrency_limits": [
            {
                "name": "r",
                "limit": 9,
                "active_slots": 9,
                "slot_decay_per_second": 0.1,
                "created": "2026-10-31T23:59:00Z",
            }
        ]
    }
    store = Store.from_dataset(data, now=NOW)
    # 60 s at 0.1/s is 5.99... slots on SQLite's Julian days: floor gives 5
    assert store.request("v2/concurrency_limits/r", method="GET")[1]["active_slots"] == 4
    store.set_now("2026-11-01T00:10:00Z")
    assert store.request("v2/concurrency_limits/r", method="GET")[1]["active_slots"] == 0
    # the record keeps what was loaded
    assert store.dump()["global_concurrency_limits"][0]["active_slots"] == 9
