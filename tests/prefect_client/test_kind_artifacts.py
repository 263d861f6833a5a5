"""Artifacts through Prefect's own client: ``read_artifacts`` and ``read_latest_artifacts`` on runfilter and on
Prefect 3.9.1 (the oracle's app), same dataset, same answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from both_servers import OpenClients
from prefect.client.schemas import filters as f
from prefect.client.schemas.sorting import ArtifactCollectionSort, ArtifactSort

pytestmark = pytest.mark.oracle

NOW = "2026-11-01T00:00:00Z"
DATASET = json.loads(
    (Path(__file__).resolve().parents[1] / "conformance" / "datasets" / "k13_artifacts.json").read_text()
)
RUN_A = "00000000-0000-0000-000e-000000000001"


class Clients(OpenClients):
    """An async client on the oracle and one on runfilter, both open on the artifact dataset."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, DATASET)

    def both(self, method: str, **kwargs: Any) -> tuple[Any, Any]:
        """``(prefect's answer, runfilter's answer)`` to one client call."""
        expected = self.oracle.run(getattr(self.on_prefect, method)(**kwargs))
        return expected, self.oracle.run(getattr(self.on_runfilter, method)(**kwargs))


@pytest.fixture(scope="module")
def clients(oracle: Any) -> Any:
    opened = Clients(oracle)
    yield opened
    opened.close()


# sorts whose key is unique in the dataset, or filters that leave no ties: the order is Prefect's own
READS = [
    {},
    {"sort": ArtifactSort.ID_DESC, "limit": 5, "offset": 2},
    {"artifact_filter": f.ArtifactFilter(key=f.ArtifactFilterKey(any_=["report", "daily"]))},
    {"artifact_filter": f.ArtifactFilter(key=f.ArtifactFilterKey(exists_=False))},
    {"artifact_filter": f.ArtifactFilter(type=f.ArtifactFilterType(not_any_=["markdown"]))},
    {"flow_run_filter": f.FlowRunFilter(name=f.FlowRunFilterName(any_=["run-a"]))},
    {"task_run_filter": f.TaskRunFilter(name=f.TaskRunFilterName(like_="t-"))},
    {"flow_filter": f.FlowFilter(name=f.FlowFilterName(any_=["etl"])), "sort": ArtifactSort.ID_DESC},
]


@pytest.mark.parametrize("kwargs", READS, ids=range(len(READS)))
def test_read_artifacts_agrees(clients: Clients, kwargs: dict[str, Any]) -> None:
    expected, got = clients.both("read_artifacts", **kwargs)
    assert got == expected
    assert expected  # the dataset makes every read non-trivial


LATEST = [
    {},
    {"sort": ArtifactCollectionSort.KEY_ASC},
    {"sort": ArtifactCollectionSort.KEY_DESC, "limit": 2, "offset": 1},
    {"artifact_filter": f.ArtifactCollectionFilter(key=f.ArtifactCollectionFilterKey(like_="rep"))},
    {"artifact_filter": f.ArtifactCollectionFilter(flow_run_id=f.ArtifactCollectionFilterFlowRunId(any_=[RUN_A]))},
    {"flow_run_filter": f.FlowRunFilter()},
]


@pytest.mark.parametrize("kwargs", LATEST, ids=range(len(LATEST)))
def test_read_latest_artifacts_agrees(clients: Clients, kwargs: dict[str, Any]) -> None:
    expected, got = clients.both("read_latest_artifacts", **kwargs)
    assert got == expected
    assert expected


def test_a_keys_latest_artifact_agrees(clients: Clients) -> None:
    filters = f.ArtifactCollectionFilter(key=f.ArtifactCollectionFilterKey(any_=["report"]))
    expected, got = clients.both("read_latest_artifacts", artifact_filter=filters)
    assert got == expected
    assert [c.latest_id for c in got] == [c.latest_id for c in expected] and len(got) == 1
    expected_ids, got_ids = clients.both("read_artifacts", limit=1, sort=ArtifactSort.ID_DESC)
    assert got_ids == expected_ids
