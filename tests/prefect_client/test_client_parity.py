"""Prefect's own client, same calls, two servers: real Prefect 3.9.1 (the oracle's app) and runfilter.

Every read method of ``PrefectClient`` / ``SyncPrefectClient`` 3.9.1 that
hits a query endpoint or reads one record by id or name is called with a spread of filters, sorts and pages;
the Python objects it returns must be equal. Rows that tie on the sort key
are compared as a set per tie group (Prefect leaves their order to SQLite).
3.9.1's client has no paginate or history methods: those endpoints are
reached through the client's own HTTP session and parsed with Prefect's
response models.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import httpx
import prefect.exceptions
import pytest
from both_servers import OpenClients
from prefect.client.schemas import filters as f
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.client.schemas.responses import HistoryResponse
from prefect.client.schemas.sorting import DeploymentSort, FlowRunSort, FlowSort, TaskRunSort

from runfilter.synthetic import NOW, WINDOW_START, generate

pytestmark = pytest.mark.oracle

DATASET = generate(150, seed=7)
DAY = dt.timedelta(days=1)
POOL, QUEUE = DATASET["work_pools"][1]["name"], DATASET["work_queues"][3]["name"]
FAILED = f.FlowRunFilterState(type=f.FlowRunFilterStateType(any_=[StateType.FAILED, StateType.CRASHED]))


class Servers(OpenClients):
    """Async clients on the oracle and on runfilter, and a sync client on runfilter, all open."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, DATASET, sync=True)

    def call(self, method: str, **kwargs: Any) -> tuple[Any, Any, Any]:
        """``(prefect's answer, runfilter's async answer, runfilter's sync answer)`` to one client call."""
        expected = self.oracle.run(getattr(self.on_prefect, method)(**kwargs))
        got_async = self.oracle.run(getattr(self.on_runfilter, method)(**kwargs))
        got_sync = (
            getattr(self.sync_on_runfilter, method)(**kwargs) if hasattr(self.sync_on_runfilter, method) else None
        )
        return expected, got_async, got_sync

    def post(self, path: str, body: dict[str, Any]) -> tuple[httpx.Response, httpx.Response]:
        """One raw request through both clients' HTTP sessions."""
        expected = self.oracle.run(self.on_prefect._client.post(path, json=body))
        return expected, self.oracle.run(self.on_runfilter._client.post(path, json=body))


@pytest.fixture(scope="module")
def servers(oracle) -> Any:
    servers = Servers(oracle)
    yield servers
    servers.close()


def _sort_key(sort: Any) -> Callable[[Any], Any] | None:
    """The value a sort orders by, per row model (None: ids are unique, compare in order)."""
    name = getattr(sort, "value", None)
    if name in (None, "ID_DESC"):
        return None
    field = name.rsplit("_", 1)[0].lower()
    if field == "start_time":  # flow runs: COALESCE(start_time, expected_start_time)
        return lambda row: row.start_time or row.expected_start_time
    if field == "duration":
        return lambda row: row.estimated_run_time
    return lambda row: getattr(row, field)


def assert_same_rows(expected: list[Any], actual: list[Any], sort: Any = None, limit: int | None = None) -> None:
    """Equal rows, equal order, except that rows tying on the sort key may come in any order."""
    key = _sort_key(sort)
    if key is None:
        assert actual == expected
        return
    assert [key(row) for row in actual] == [key(row) for row in expected]
    by_id = {row.id: row for row in actual}
    groups: dict[Any, set] = {}
    for row in expected:
        groups.setdefault(key(row), set()).add(row.id)
    truncated = limit is not None and len(expected) == limit
    last_key = key(expected[-1]) if expected else None
    for value, ids in groups.items():
        if truncated and value == last_key:
            continue  # the page boundary may cut a tie group differently
        assert {row.id for row in actual if key(row) == value} == ids
        assert [by_id[i] for i in sorted(ids)] == sorted((r for r in expected if r.id in ids), key=lambda r: r.id)


FLOW_RUN_CASES = [
    {},
    {"flow_run_filter": f.FlowRunFilter(state=FAILED), "sort": FlowRunSort.EXPECTED_START_TIME_DESC, "limit": 10},
    {"flow_filter": f.FlowFilter(name=f.FlowFilterName(like_="etl")), "sort": FlowRunSort.NAME_ASC},
    {"deployment_filter": f.DeploymentFilter(tags=f.DeploymentFilterTags(all_=["tag-00"]))},
    {"work_pool_filter": f.WorkPoolFilter(name=f.WorkPoolFilterName(any_=[POOL])), "sort": FlowRunSort.END_TIME_DESC},
    {"work_queue_filter": f.WorkQueueFilter(name=f.WorkQueueFilterName(any_=[QUEUE]))},
    {"task_run_filter": f.TaskRunFilter(state=f.TaskRunFilterState(type=f.TaskRunFilterStateType(any_=["FAILED"])))},
    {
        "flow_run_filter": f.FlowRunFilter(
            start_time=f.FlowRunFilterStartTime(after_=WINDOW_START + 5 * DAY, before_=WINDOW_START + 20 * DAY),
            tags=f.FlowRunFilterTags(any_=["tag-01", "tag-02"]),
        ),
        "sort": FlowRunSort.START_TIME_ASC,
        "offset": 3,
        "limit": 20,
    },
    {"flow_run_filter": f.FlowRunFilter(parent_task_run_id=f.FlowRunFilterParentTaskRunId(is_null_=False))},
    {
        "flow_run_filter": f.FlowRunFilter(
            next_scheduled_start_time=f.FlowRunFilterNextScheduledStartTime(before_=NOW + 2 * DAY)
        ),
        "sort": FlowRunSort.NEXT_SCHEDULED_START_TIME_ASC,
    },
    {"flow_run_filter": f.FlowRunFilter(name=f.FlowRunFilterName(like_="a")), "sort": FlowRunSort.START_TIME_DESC},
    {"flow_run_filter": f.FlowRunFilter(deployment_id=f.FlowRunFilterDeploymentId(is_null_=True)), "limit": 0},
]


@pytest.mark.parametrize("kwargs", FLOW_RUN_CASES)
def test_read_and_count_flow_runs(servers, kwargs):
    expected, got, got_sync = servers.call("read_flow_runs", **kwargs)
    assert expected == [] or isinstance(expected[0], FlowRun)
    assert_same_rows(expected, got, kwargs.get("sort"), kwargs.get("limit"))
    assert_same_rows(expected, got_sync, kwargs.get("sort"), kwargs.get("limit"))
    count_kwargs = {k: v for k, v in kwargs.items() if k not in ("sort", "limit", "offset")}
    counts = servers.call("count_flow_runs", **count_kwargs)
    assert counts[0] == counts[1] == counts[2]


TASK_RUN_CASES = [
    {},
    {"task_run_filter": f.TaskRunFilter(state=f.TaskRunFilterState(type=f.TaskRunFilterStateType(any_=["FAILED"])))},
    {"flow_run_filter": f.FlowRunFilter(state=FAILED), "sort": TaskRunSort.EXPECTED_START_TIME_ASC, "limit": 15},
    {"flow_filter": f.FlowFilter(name=f.FlowFilterName(like_="ml")), "sort": TaskRunSort.NAME_DESC, "limit": 30},
    {"deployment_filter": f.DeploymentFilter(name=f.DeploymentFilterName(like_="prod"))},
    {"task_run_filter": f.TaskRunFilter(name=f.TaskRunFilterName(like_="load")), "sort": TaskRunSort.END_TIME_DESC},
    {"sort": TaskRunSort.DURATION_DESC, "offset": 10, "limit": 25},
]


@pytest.mark.parametrize("kwargs", TASK_RUN_CASES)
def test_read_task_runs(servers, kwargs):
    expected, got, got_sync = servers.call("read_task_runs", **kwargs)
    assert_same_rows(expected, got, kwargs.get("sort"), kwargs.get("limit"))
    assert_same_rows(expected, got_sync, kwargs.get("sort"), kwargs.get("limit"))


CATALOG_CASES = [
    ("read_flows", {}),
    ("read_flows", {"flow_filter": f.FlowFilter(name=f.FlowFilterName(like_="report")), "sort": FlowSort.NAME_DESC}),
    ("read_flows", {"flow_run_filter": f.FlowRunFilter(state=FAILED), "limit": 5, "offset": 2}),
    ("read_flows", {"deployment_filter": f.DeploymentFilter(tags=f.DeploymentFilterTags(any_=["tag-14"]))}),
    ("read_flows", {"sort": FlowSort.CREATED_DESC, "limit": 12}),
    ("read_deployments", {}),
    (
        "read_deployments",
        {"flow_filter": f.FlowFilter(name=f.FlowFilterName(like_="etl")), "sort": DeploymentSort.NAME_ASC},
    ),
    ("read_deployments", {"work_pool_filter": f.WorkPoolFilter(name=f.WorkPoolFilterName(any_=[POOL]))}),
    ("read_deployments", {"work_queue_filter": f.WorkQueueFilter(name=f.WorkQueueFilterName(any_=["default"]))}),
    ("read_deployments", {"flow_run_filter": f.FlowRunFilter(state=FAILED), "limit": 4}),
    ("read_deployments", {"sort": DeploymentSort.CREATED_DESC, "offset": 5}),
    ("read_work_pools", {}),
    ("read_work_pools", {"work_pool_filter": f.WorkPoolFilter(type=f.WorkPoolFilterType(any_=["docker", "process"]))}),
    ("read_work_pools", {"limit": 1, "offset": 1}),
    ("read_work_queues", {}),
    ("read_work_queues", {"work_pool_name": POOL}),
    ("read_work_queues", {"work_queue_filter": f.WorkQueueFilter(name=f.WorkQueueFilterName(startswith_=["def"]))}),
    ("read_work_queues", {"work_pool_name": POOL, "limit": 1, "offset": 1}),
    ("match_work_queues", {"prefixes": ["def", "kube"]}),
    ("match_work_queues", {"prefixes": ["def"], "work_pool_name": POOL}),
]


@pytest.mark.parametrize(("method", "kwargs"), CATALOG_CASES)
def test_flows_deployments_pools_and_queues(servers, method, kwargs):
    expected, got, got_sync = servers.call(method, **kwargs)
    assert_same_rows(expected, got, kwargs.get("sort"), kwargs.get("limit"))
    if got_sync is not None:  # match_work_queues exists on the async client only
        assert_same_rows(expected, got_sync, kwargs.get("sort"), kwargs.get("limit"))


def test_unknown_work_pool_is_object_not_found_on_both(servers):
    for client in (servers.on_prefect, servers.on_runfilter):
        with pytest.raises(prefect.exceptions.ObjectNotFound):
            servers.oracle.run(client.read_work_queues(work_pool_name="no-such-pool"))
    with pytest.raises(prefect.exceptions.ObjectNotFound):
        servers.sync_on_runfilter.read_work_queues(work_pool_name="no-such-pool")


RUN, TASK_RUN = DATASET["flow_runs"][40], DATASET["task_runs"][99]
FLOW = next(flow for flow in DATASET["flows"] if flow["id"] == DATASET["deployments"][2]["flow_id"])
DEPLOYMENT = DATASET["deployments"][2]
MISSING = "00000000-0000-4000-8000-000000000000"
READ_ONE_CASES = [
    ("read_flow_run", {"flow_run_id": RUN["id"]}),
    ("read_task_run", {"task_run_id": TASK_RUN["id"]}),
    ("read_flow", {"flow_id": FLOW["id"]}),
    ("read_flow_by_name", {"flow_name": FLOW["name"]}),
    ("read_deployment", {"deployment_id": DEPLOYMENT["id"]}),
    ("read_deployment_by_name", {"name": f"{FLOW['name']}/{DEPLOYMENT['name']}"}),
]
READ_ONE_MISSING = [
    ("read_flow_run", {"flow_run_id": MISSING}),
    ("read_task_run", {"task_run_id": MISSING}),
    ("read_flow", {"flow_id": MISSING}),
    ("read_flow_by_name", {"flow_name": "no such flow"}),
    ("read_deployment", {"deployment_id": MISSING}),
    ("read_deployment_by_name", {"name": f"{FLOW['name']}/no such deployment"}),
    ("read_deployment_by_name", {"name": f"no such flow/{DEPLOYMENT['name']}"}),
]


@pytest.mark.parametrize(("method", "kwargs"), READ_ONE_CASES)
def test_reads_of_one_record(servers, method, kwargs):
    expected, got, got_sync = servers.call(method, **kwargs)
    assert got == expected
    assert got_sync == expected


def _failure(call: Callable[[], Any]) -> tuple[type, int, Any]:
    """(exception type, status, JSON body) of a client call that must fail with an HTTP error."""
    with pytest.raises((prefect.exceptions.ObjectNotFound, httpx.HTTPStatusError)) as info:
        call()
    response = getattr(info.value, "http_exc", info.value).response
    return type(info.value), response.status_code, response.json()


@pytest.mark.parametrize(("method", "kwargs"), READ_ONE_MISSING)
def test_reads_of_a_missing_record_fail_alike(servers, method, kwargs):
    # the client turns some 404s into ObjectNotFound and lets others raise as HTTP errors: same on both
    expected = _failure(lambda: servers.oracle.run(getattr(servers.on_prefect, method)(**kwargs)))
    assert expected[1] == 404
    assert _failure(lambda: servers.oracle.run(getattr(servers.on_runfilter, method)(**kwargs))) == expected
    assert _failure(lambda: getattr(servers.sync_on_runfilter, method)(**kwargs)) == expected


PAGINATE_CASES = [
    ("/flow_runs/paginate", {"limit": 7, "page": 3, "sort": "EXPECTED_START_TIME_DESC"}, FlowRun),
    ("/flow_runs/paginate", {"flows": {"name": {"like_": "sync"}}, "limit": 5, "page": 1}, FlowRun),
    ("/flows/paginate", {"limit": 20, "page": 3}, None),
    ("/deployments/paginate", {"limit": 6, "page": 2, "sort": "NAME_DESC"}, None),
    ("/task_runs/paginate", {"limit": 9, "page": 40, "sort": "ID_DESC"}, None),
]


@pytest.mark.parametrize(("path", "body", "model"), PAGINATE_CASES)
def test_paginate_through_the_clients_session(servers, path, body, model):
    expected, got = (response.json() for response in servers.post(path, body))
    assert {k: v for k, v in got.items() if k != "results"} == {k: v for k, v in expected.items() if k != "results"}
    if model is not None:
        expected_rows = [model.model_validate(row) for row in expected["results"]]
        sort = getattr(FlowRunSort, body.get("sort", "ID_DESC"))
        assert_same_rows(expected_rows, [model.model_validate(row) for row in got["results"]], sort, body["limit"])
    else:
        assert sorted(got["results"], key=lambda row: row["id"]) == sorted(expected["results"], key=lambda r: r["id"])


HISTORY_CASES = [
    ("/flow_runs/history", {"history_interval_seconds": 86400}),
    ("/flow_runs/history", {"history_interval_seconds": 21600, "flows": {"name": {"like_": "etl"}}}),
    (
        "/task_runs/history",
        {"history_interval_seconds": 43200, "task_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}},
    ),
]


@pytest.mark.parametrize(("path", "body"), HISTORY_CASES)
def test_history_through_the_clients_session(servers, path, body):
    window = {"history_start": (NOW - 10 * DAY).isoformat(), "history_end": (NOW + DAY).isoformat()}
    expected, got = (response.json() for response in servers.post(path, {**window, **body}))
    expected = [HistoryResponse.model_validate(bucket) for bucket in expected]
    got = [HistoryResponse.model_validate(bucket) for bucket in got]
    assert [(b.interval_start, b.interval_end) for b in got] == [(b.interval_start, b.interval_end) for b in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert [(s.state_type, s.state_name, s.count_runs) for s in mine.states] == [
            (s.state_type, s.state_name, s.count_runs) for s in theirs.states
        ]
        for a, b in zip(mine.states, theirs.states, strict=True):
            assert math.isclose(
                a.sum_estimated_run_time.total_seconds(), b.sum_estimated_run_time.total_seconds(), abs_tol=1e-3
            )
            assert math.isclose(
                a.sum_estimated_lateness.total_seconds(), b.sum_estimated_lateness.total_seconds(), abs_tol=1e-3
            )
