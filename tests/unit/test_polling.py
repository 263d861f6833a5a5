"""Polls for work, pool and queue reads: what the recorded corpus cannot show.

The answers themselves are pinned against Prefect by ``tests/conformance``
(``pq_reads``, ``pq_polls``); here: the store's invariants after a poll, the
naive engine agreeing, headers reaching the routes through every entry
point, and the clock a replay moves.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from runfilter import Store
from runfilter.asgi import RunfilterApp
from runfilter.naive import naive_request
from runfilter.transport import RunfilterTransport

DATASET = json.loads((Path(__file__).parents[1] / "conformance" / "datasets" / "pq_main.json").read_text())
HIGH = "00000000-0000-0000-000c-000000000002"  # NOT_READY queue "high" of "docker pool"
DEPLOYMENT_ON_HIGH = "00000000-0000-0000-000d-000000000002"
OLD_CLIENT = {"User-Agent": "prefect/3.3.7 (API 0.8.4)"}


@pytest.fixture
def store() -> Store:
    return Store.from_dataset(DATASET, now="2026-11-01T00:00:00Z")


def test_a_poll_changes_the_queue_and_its_deployments_through_the_funnel(store: Store) -> None:
    versions = dict(store.versions)
    status, runs = store.request(f"work_queues/{HIGH}/get_runs", {})
    assert status == 200 and [r["name"] for r in runs] == ["dh-s1", "dh-s2", "dh-s3"]
    queue = store.query(f"work_queues/{HIGH}", method="GET")
    assert (queue["status"], queue["last_polled"], queue["updated"]) == (
        "READY",
        "2026-11-01T00:00:00Z",
        queue["last_polled"],
    )
    deployment = store.query(f"deployments/{DEPLOYMENT_ON_HIGH}", method="GET")
    assert (deployment["status"], deployment["last_polled"]) == ("READY", "2026-11-01T00:00:00Z")
    assert store.versions["work_queues"] == versions["work_queues"] + 1
    assert store.versions["flow_runs"] == versions["flow_runs"]  # runs are not touched
    store.check()
    # the indexes follow: the queue is found by its new status
    assert [q["name"] for q in store.query("work_queues/filter", {"work_queues": {"name": {"any_": ["high"]}}})] == [
        "high"
    ]


def test_the_ui_reads_without_polling(store: Store) -> None:
    store.request(f"work_queues/{HIGH}/get_runs", {}, headers={"X-Prefect-UI": "true"})
    assert store.query(f"work_queues/{HIGH}", method="GET")["status"] == "NOT_READY"


def test_a_refused_poll_changes_nothing(store: Store) -> None:
    before = store.dump()
    assert store.request(f"work_queues/{HIGH}/get_runs", {"limit": 201})[0] == 422
    assert store.request("work_pools/K8s/get_scheduled_flow_runs", {"work_queue_names": ["nope"]})[0] == 404
    assert store.dump() == before


def test_the_naive_engine_polls_the_same_store(store: Store) -> None:
    other = Store.from_dataset(DATASET, now="2026-11-01T00:00:00Z")
    for path, body in [
        ("work_pools/docker pool/get_scheduled_flow_runs", {}),
        ("deployments/get_scheduled_flow_runs", {"deployment_ids": [DEPLOYMENT_ON_HIGH]}),
        (f"work_queues/{HIGH}/get_runs", {"limit": 2}),
    ]:
        assert naive_request(other, path, body) == store.request(path, body)
    assert other.dump() == store.dump()


def test_set_now_moves_the_clock_of_later_answers(store: Store) -> None:
    store.set_now("2026-11-01T00:00:30Z")
    store.request(f"work_queues/{HIGH}/get_runs", {})
    status = store.query(f"work_queues/{HIGH}/status", method="GET")
    assert status["last_polled"] == "2026-11-01T00:00:30Z"
    store.set_now("2026-11-01T00:01:31Z")  # 61 s later: no longer healthy
    assert store.query(f"work_queues/{HIGH}/status", method="GET")["healthy"] is False


def test_the_client_version_header_reaches_the_route_through_every_entry_point(store: Store) -> None:
    assert (
        "default_result_storage_block_id"
        not in store.query("work_pools/docker pool", method="GET", headers=OLD_CLIENT)["storage_configuration"]
    )
    app = RunfilterApp(store)
    answer = app.handle("GET", "/api/work_pools/docker pool", headers=OLD_CLIENT)
    assert "default_result_storage_block_id" not in json.loads(answer.body)["storage_configuration"]
    with httpx.Client(transport=RunfilterTransport(app), base_url="http://x/api") as client:
        old = client.get("/work_pools/docker pool", headers=OLD_CLIENT).json()
        new = client.get("/work_pools/docker pool").json()
    assert "default_result_storage_block_id" not in old["storage_configuration"]
    assert new["storage_configuration"]["default_result_storage_block_id"] is not None
