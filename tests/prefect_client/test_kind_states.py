"""State history through Prefect's own client: the same calls on real Prefect 3.9.1 (the oracle) and on runfilter.

Runs are seeded with a state history (``flow_runs[i].states``, ``task_runs[i].states``,
docs/semantics.md#state-history); code written the way users write theirs calls
``read_flow_run_states`` / ``read_task_run_states`` (and ``read_flow_run`` for the columns
Prefect derives from the history), through ``get_client()`` answered by runfilter, and
through a client on Prefect's own server; both must agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from both_servers import OpenClients
from prefect.client.orchestration import PrefectClient
from prefect.client.schemas.objects import StateType

pytestmark = pytest.mark.oracle

DATASET = json.loads((Path(__file__).resolve().parents[1] / "conformance" / "datasets" / "k13_states.json").read_text())
FLOW_RUN_IDS = [UUID(run["id"]) for run in DATASET["flow_runs"]]
TASK_RUN_IDS = [UUID(run["id"]) for run in DATASET["task_runs"]]


# -- the code under test: what a user's monitoring helper does with a run's history


async def attempt_report(client: PrefectClient, flow_run_id: UUID) -> dict[str, Any]:
    """How a flow run got where it is: its attempts, the failures it recovered from, how long it waited."""
    states = await client.read_flow_run_states(flow_run_id)
    run = await client.read_flow_run(flow_run_id)
    attempts = [s for s in states if s.type == StateType.RUNNING]
    first_start = attempts[0].timestamp if attempts else None
    return {
        "path": [s.name for s in states],
        "attempts": len(attempts),
        "recovered_from": [s.message for s in states[:-1] if s.type in (StateType.FAILED, StateType.CRASHED)],
        "waited": (first_start - states[0].timestamp).total_seconds() if first_start and states else None,
        "final": states[-1].type.value if states else None,
        "run_count": run.run_count,
        "total_run_time": run.total_run_time.total_seconds(),
    }


async def flaky_tasks(client: PrefectClient, task_run_ids: list[UUID]) -> list[str]:
    """Task runs that needed a retry, by id: their history went through AwaitingRetry."""
    out = []
    for task_run_id in task_run_ids:
        states = await client.read_task_run_states(task_run_id)
        if any(s.name == "AwaitingRetry" for s in states):
            out.append(str(task_run_id))
    return out


# -- both servers


class Servers(OpenClients):
    """An async client on Prefect's own server (the oracle) and one on runfilter, both open on `DATASET`."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, DATASET, sync=True)

    def both(self, function: Any, *args: Any) -> tuple[Any, Any]:
        """``(answer on Prefect, answer on runfilter)`` of ``function(client, *args)``."""
        return (
            self.oracle.run(function(self.on_prefect, *args)),
            self.oracle.run(function(self.on_runfilter, *args)),
        )


@pytest.fixture(scope="module")
def servers(oracle: Any) -> Any:
    servers = Servers(oracle)
    yield servers
    servers.close()


@pytest.mark.parametrize("flow_run_id", FLOW_RUN_IDS, ids=lambda run_id: str(run_id)[-2:])
def test_read_flow_run_states_agrees(servers: Servers, flow_run_id: UUID) -> None:
    expected, got = servers.both(lambda client, run_id: client.read_flow_run_states(run_id), flow_run_id)
    assert got == expected
    assert servers.sync_on_runfilter.read_flow_run_states(flow_run_id) == expected


@pytest.mark.parametrize("task_run_id", TASK_RUN_IDS, ids=lambda run_id: str(run_id)[-1:])
def test_read_task_run_states_agrees(servers: Servers, task_run_id: UUID) -> None:
    expected, got = servers.both(lambda client, run_id: client.read_task_run_states(run_id), task_run_id)
    assert got == expected
    assert servers.sync_on_runfilter.read_task_run_states(task_run_id) == expected


def test_unknown_run_has_no_states(servers: Servers) -> None:
    unknown = UUID("00000000-0000-0000-000e-000000000099")
    expected, got = servers.both(lambda client, run_id: client.read_flow_run_states(run_id), unknown)
    assert got == expected == []


def test_attempt_report_of_every_run_agrees(servers: Servers) -> None:
    reports = [servers.both(attempt_report, run_id) for run_id in FLOW_RUN_IDS]
    assert [got for _, got in reports] == [expected for expected, _ in reports]
    by_name = dict(zip((run["name"] for run in DATASET["flow_runs"]), (got for _, got in reports), strict=True))
    retried = by_name["run-02"]
    assert retried["path"] == ["Scheduled", "Pending", "Running", "Failed", "AwaitingRetry", "Retrying", "Completed"]
    assert (retried["attempts"], retried["recovered_from"], retried["run_count"]) == (2, ["boom"], 2)
    assert retried["total_run_time"] == 780.0  # derived from the history: 8 + 5 minutes running


def test_flaky_tasks_agree(servers: Servers) -> None:
    expected, got = servers.both(flaky_tasks, TASK_RUN_IDS)
    assert got == expected == ["00000000-0000-0000-000f-000000000002"]
