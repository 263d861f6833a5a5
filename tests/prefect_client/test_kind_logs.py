"""Logs through Prefect's own client: ``read_logs`` with a ``LogFilter`` on runfilter and on real Prefect 3.9.1.

A run seeded with logs (the ``k13_logs`` conformance dataset: ties, a text
search's traps, NUL characters, run ids that name no run). The code under
test below reads a run's error lines the way a user's alerting code would;
it and a spread of direct ``read_logs`` calls must give the same Python
objects through the oracle's app and through runfilter (docs/semantics.md#logs).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from both_servers import OpenClients
from prefect.client.orchestration import PrefectClient
from prefect.client.schemas import filters as f
from prefect.client.schemas.sorting import LogSort

pytestmark = pytest.mark.oracle

DATASET = json.loads((Path(__file__).parents[1] / "conformance" / "datasets" / "k13_logs.json").read_text())
RUN_ONE, RUN_TWO = (UUID(run["id"]) for run in DATASET["flow_runs"][:2])
TASK_ONE = UUID(DATASET["task_runs"][0]["id"])


async def error_lines(client: PrefectClient, run_name: str) -> list[str]:
    """Code under test: the WARNING-or-worse lines of the named run, oldest first, as ``LEVEL: message``."""
    runs = await client.read_flow_runs(flow_run_filter=f.FlowRunFilter(name=f.FlowRunFilterName(any_=[run_name])))
    if not runs:
        return []
    logs = await client.read_logs(
        log_filter=f.LogFilter(flow_run_id=f.LogFilterFlowRunId(any_=[runs[0].id]), level=f.LogFilterLevel(ge_=30)),
        sort=LogSort.TIMESTAMP_ASC,
    )
    return [f"{entry.level}: {entry.message}" for entry in logs]


class Clients(OpenClients):
    """An async client on the oracle's app and one on a runfilter store, both holding :data:`DATASET`."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, DATASET)

    def both(self, make: Any) -> tuple[Any, Any]:
        """``make(client)`` awaited on Prefect, then on runfilter."""
        return self.oracle.run(make(self.on_prefect)), self.oracle.run(make(self.on_runfilter))


@pytest.fixture(scope="module")
def clients(oracle: Any) -> Any:
    opened = Clients(oracle)
    yield opened
    opened.close()


def test_the_code_under_test_reads_the_same_error_lines(clients: Clients) -> None:
    expected, got = clients.both(lambda client: error_lines(client, "run één"))
    assert (
        got
        == expected
        == [
            "35: before everything, with a comma",
            "30: WARNING disk_usage high",
            '40: Error: "connection timeout", retrying',
            "50: CRITICAL failure\nsecond line",
        ]
    )
    assert clients.both(lambda client: error_lines(client, "quiet")) == ([], [])


AFTER = dt.datetime(2026, 10, 1, 0, 0, 2, tzinfo=dt.UTC)
CALLS = [
    {},
    {"log_filter": f.LogFilter(flow_run_id=f.LogFilterFlowRunId(any_=[RUN_TWO]))},
    {"log_filter": f.LogFilter(task_run_id=f.LogFilterTaskRunId(is_null_=True)), "sort": LogSort.TIMESTAMP_DESC},
    {"log_filter": f.LogFilter(task_run_id=f.LogFilterTaskRunId(any_=[TASK_ONE]))},
    {"log_filter": f.LogFilter(timestamp=f.LogFilterTimestamp(after_=AFTER), level=f.LogFilterLevel(le_=25))},
    {"log_filter": f.LogFilter(text=f.LogFilterTextSearch(query='"connection timeout" -debug'))},
    {"log_filter": f.LogFilter(text=f.LogFilterTextSearch(query="über"))},
    {"log_filter": f.LogFilter(flow_run_id=f.LogFilterFlowRunId(any_=[RUN_ONE])), "limit": 2, "offset": 1},
    {"log_filter": f.LogFilter(flow_run_id=f.LogFilterFlowRunId(any_=[])), "limit": 5},
]


@pytest.mark.parametrize("kwargs", CALLS, ids=range(len(CALLS)))
def test_read_logs_agrees(clients: Clients, kwargs: dict[str, Any]) -> None:
    expected, got = clients.both(lambda client: client.read_logs(**kwargs))
    # ties on the timestamp come back in SQLite's order there, insertion order here (docs/semantics.md#tie-order)
    assert [entry.timestamp for entry in got] == [entry.timestamp for entry in expected]
    assert sorted(got, key=_by_time_and_id) == sorted(expected, key=_by_time_and_id)


def _by_time_and_id(entry: Any) -> tuple[Any, str]:
    return entry.timestamp, str(entry.id)
