"""A test suite written the way Prefect users write theirs, on runfilter instead of prefect_test_harness.

The code under test (pipeline_reports.py) calls ``get_client()``; the
``runfilter_prefect`` fixture answers it from a store seeded by the
``runfilter`` marker (a JSON dataset next to this file) or by the test.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor

import httpx
import pipeline_reports
import prefect.exceptions
import pytest
from prefect import get_client
from prefect.client.schemas.filters import FlowRunFilter
from prefect.settings import PREFECT_API_URL

from runfilter import Store
from runfilter.transport import use_store_for_prefect

NOW = "2026-10-31T12:00:00Z"
pipelines = pytest.mark.runfilter("data/pipelines.json", now=NOW)


@pipelines
@pytest.mark.anyio
async def test_failed_runs_since(runfilter_prefect):
    since = dt.datetime(2026, 10, 29, tzinfo=dt.UTC)
    assert await pipeline_reports.failed_runs_since("etl-daily", since) == ["etl-3", "etl-2"]
    assert await pipeline_reports.failed_runs_since("ml-train", since) == []


@pipelines
def test_overdue_runs_by_flow(runfilter_prefect):
    now = dt.datetime(2026, 10, 31, 21, tzinfo=dt.UTC)
    assert pipeline_reports.overdue_runs_by_flow(now) == {"etl-daily": 1, "ml-train": 1}


@pipelines
def test_failures_by_deployment_tag(runfilter_prefect):
    assert pipeline_reports.failures_of_deployments_tagged("prod") == 3  # not the ad-hoc run: it has no deployment
    assert pipeline_reports.failures_of_deployments_tagged("gpu") == 1


@pipelines
@pytest.mark.anyio
async def test_failing_tasks_and_queues(runfilter_prefect):
    assert await pipeline_reports.failing_tasks("etl-2") == ["load"]
    assert await pipeline_reports.queue_names("k8s") == ["default", "gpu"]
    with pytest.raises(prefect.exceptions.ObjectNotFound):
        await pipeline_reports.queue_names("no-such-pool")


@pytest.mark.anyio
async def test_seeding_inside_the_test(runfilter_prefect):
    flow_id = "0b6a1c8e-8d5c-4b7a-9d1e-0c3f5a7b9e11"
    runfilter_prefect.store.load(
        {
            "flows": [{"id": flow_id, "name": "etl-daily"}],
            "flow_runs": [
                {"name": "boom", "flow_id": flow_id, "state_type": "FAILED", "start_time": "2026-10-30T00:00:00Z"}
            ],
        }
    )
    since = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    assert await pipeline_reports.failed_runs_since("etl-daily", since) == ["boom"]


@pipelines
def test_client_housekeeping_calls_work(runfilter_prefect):
    with get_client(sync_client=True) as client:
        assert client.api_healthcheck() is None
        assert client.api_version() == "3.9.1"
        assert client.hello().json() == "👋"
        client.raise_for_api_version_mismatch()


@pipelines
def test_unserved_calls_fail_loudly_naming_the_route(runfilter_prefect):
    with get_client(sync_client=True) as client:
        with pytest.raises(httpx.HTTPStatusError, match=r"501.*runfilter does not serve DELETE /work_pools/\{name\}"):
            client.delete_work_pool("k8s")
        with pytest.raises(httpx.HTTPStatusError, match=r"501.*runfilter does not serve POST /flows/"):
            client.create_flow_from_name("new-flow")


@pipelines
def test_ops_code_reads_pools_queues_and_polls(runfilter_prefect):
    with get_client(sync_client=True) as client:
        pool = client.read_work_pool("k8s")
        assert pool.name == "k8s" and pool in client.read_work_pools()
        queue = client.read_work_queue_by_name("gpu", work_pool_name="k8s")
        assert client.read_work_queue(queue.id) == queue
        assert client.read_work_queue_status(queue.id).late_runs_count >= 0
        client.get_scheduled_flow_runs_for_work_pool("k8s", work_queue_names=["gpu"])
        polled = client.read_work_queue(queue.id)
        assert polled.last_polled is not None and polled.status.value == "READY"
        with pytest.raises(prefect.exceptions.ObjectNotFound):
            client.read_work_pool("no-such-pool")


@pipelines
def test_reading_one_run_and_its_flow_and_deployment(runfilter_prefect):
    with get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(limit=1, flow_run_filter=FlowRunFilter(deployment_id={"is_null_": False}))
        assert client.read_flow_run(run.id) == run
        flow = client.read_flow(run.flow_id)
        assert client.read_flow_by_name(flow.name) == flow
        deployment = client.read_deployment(run.deployment_id)
        assert client.read_deployment_by_name(f"{flow.name}/{deployment.name}") == deployment
        with pytest.raises(prefect.exceptions.ObjectNotFound):
            client.read_flow_run("00000000-0000-4000-8000-000000000000")


@pipelines
def test_threads_started_by_the_code_under_test_see_runfilter(runfilter_prefect):
    def count() -> int:
        with get_client(sync_client=True) as client:
            return client.count_flow_runs()

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(lambda _: count(), range(4))) == [10] * 4


def test_nothing_leaks_out_of_the_block():
    before_env, before_url = dict(os.environ), PREFECT_API_URL.value()
    store = Store.from_dataset({"flows": [{"name": "only"}]})
    with use_store_for_prefect(store) as api:
        assert PREFECT_API_URL.value() == api.url != before_url
        with get_client(sync_client=True) as client:
            assert [flow.name for flow in client.read_flows()] == ["only"]
    assert (dict(os.environ), PREFECT_API_URL.value()) == (before_env, before_url)
    with pytest.raises(httpx.ConnectError), httpx.Client() as plain:
        plain.post(api.url + "/flows/count", json={})  # the host is no longer routed


def test_two_stores_in_one_test_are_independent():
    first = Store.from_dataset({"flows": [{"name": "a"}]})
    second = Store.from_dataset({"flows": [{"name": "b"}, {"name": "c"}]})
    with use_store_for_prefect(first), get_client(sync_client=True) as outer:
        with use_store_for_prefect(second), get_client(sync_client=True) as inner:
            assert inner.count_flow_runs() == 0 and len(inner.read_flows()) == 2
        assert [flow.name for flow in outer.read_flows()] == ["a"]
