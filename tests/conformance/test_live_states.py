"""Live differential test of the routes that read state histories (docs/semantics.md#state-history).

Hypothesis draws datasets whose runs list earlier states (``datasets(max_states=...)``), loads each into
runfilter and into real Prefect 3.9.1 (the oracle worker), and reads every run's history
(``/flow_run_states/?flow_run_id=``, ``/task_run_states/?task_run_id=``), every state by its id, each flow
run (its derived columns and state), its ``graph-v2`` and ``/observed-states``; both engines must answer
as Prefect does. ``RUNFILTER_LIVE_EXAMPLES`` examples (default 20), derandomized.

Every run has a state here: a task run without one makes Prefect's graph-v2 answer 500 while runfilter
answers 200, a graph difference unrelated to histories (reported, not compared here).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from compare import dataset_lookup, diff_answer
from hypothesis import HealthCheck, given, settings
from oracle_support import ORACLE_NOW, shared_oracle
from test_live_differential import EXAMPLES_PER_ENDPOINT

from runfilter import Store
from runfilter.naive import naive_request
from runfilter.strategies import NOW, datasets

pytestmark = pytest.mark.oracle

LIVE = settings(
    max_examples=EXAMPLES_PER_ENDPOINT,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
_SIZES = {"min_flows": 1, "max_flows": 2, "min_flow_runs": 1, "max_flow_runs": 6, "max_task_runs": 6}
_HISTORIES = {"max_states": 3, "stateless": False}


@pytest.fixture(scope="module")
def oracle() -> Any:
    """The session's oracle worker, frozen at the same ``now`` as the strategies' data."""
    client = shared_oracle()
    assert client.now == ORACLE_NOW
    return client


def _requests(oracle: Any, dataset: dict[str, Any]) -> list[str]:
    """GET paths (with query strings) reading every history, every state by id, runs, graphs, observed states."""
    paths = ["observed-states"]
    parents = [run.get("parent_task_run_id") for run in dataset["flow_runs"]]
    shared = {task["flow_run_id"] for task in dataset["task_runs"] if parents.count(task["id"]) > 1}
    for kind, param in (("flow_runs", "flow_run_id"), ("task_runs", "task_run_id")):
        route = f"{kind[:-1]}_states"
        for run in dataset[kind]:
            paths.append(f"{route}/?{param}={run['id']}")
            if kind == "flow_runs":
                paths.append(f"flow_runs/{run['id']}")
            if kind == "flow_runs" and run["id"] not in shared:
                # a task run that is the parent of several flow runs is one graph node per subflow in
                # Prefect, one in runfilter (a graph difference unrelated to states: not compared here)
                paths.append(f"flow_runs/{run['id']}/graph-v2")
    # the states' ids as Prefect holds them: read from its own answers
    answers = oracle.queries([{"endpoint": p, "method": "GET"} for p in paths if "_states/?" in p])
    for path, answer in zip([p for p in paths if "_states/?" in p], answers, strict=True):
        paths += [f"{path.split('/?')[0]}/{state['id']}" for state in answer["response"]]
    return paths


def _ask(engine: str, store: Store, path: str) -> tuple[int, Any]:
    route, _, query = path.partition("?")
    params = dict([query.split("=", 1)]) if query else None
    if engine == "naive":
        return naive_request(store, "/" + route, None, "GET", params)
    return store.request("/" + route, None, "GET", params)


@LIVE
@given(dataset=datasets(**_SIZES, **_HISTORIES))
def test_state_routes_answer_like_prefect(oracle: Any, dataset: dict[str, Any]) -> None:
    """Every route reading a state history agrees with Prefect on a random dataset with histories."""
    store = Store.from_dataset(dataset, now=NOW)
    oracle.load(dataset)
    paths = _requests(oracle, dataset)
    expected = oracle.queries([{"endpoint": p, "method": "GET"} for p in paths])
    lookup = dataset_lookup(dataset)
    for path, answer in zip(paths, expected, strict=True):
        for engine in ("planned", "naive"):
            status, payload = _ask(engine, store, path)
            diffs = diff_answer(path, None, answer, {"status": status, "response": payload}, lookup)
            assert not diffs, f"{engine} engine on GET {path}\n" + "\n".join(diffs[:15]) + "\n" + json.dumps(dataset)
