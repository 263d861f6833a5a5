"""``runfilter snapshot`` against Prefect itself: a real server's records, read through its API, load into a
store that answers as that server does."""

from __future__ import annotations

from typing import Any

import pytest

from runfilter import Store, read_server, synthetic

NOW = synthetic.iso(synthetic.NOW)
QUERIES = [
    ("flow_runs/filter", {"sort": "ID_DESC", "limit": 60}),
    ("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED", "CRASHED"]}}}}),
    ("task_runs/filter", {"sort": "ID_DESC", "limit": 60}),
    ("task_runs/count", {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}),
    ("deployments/filter", {"sort": "NAME_ASC"}),
    ("flows/filter", {"sort": "NAME_DESC"}),
    ("work_pools/filter", {}),
    ("work_queues/filter", {}),
    ("flow_runs/history", {
        "history_start": "2026-10-01T00:00:00Z", "history_end": "2026-10-28T00:00:00Z",
        "history_interval_seconds": 86400,
    }),
]


def test_a_snapshot_of_prefect_answers_like_prefect(oracle: Any) -> None:
    dataset = synthetic.generate(260, task_runs_per_run=2, seed=21)
    oracle.run(oracle.oracle.load(dataset))

    def fetch(method: str, path: str, body: Any) -> tuple[int, Any]:
        return oracle.run(oracle.oracle.query(path, body, method=method))

    copy = Store.from_dataset(read_server.read_server(fetch), now=NOW)
    assert copy.counts()["flow_runs"] == 260
    for path, body in QUERIES:
        expected = oracle.run(oracle.oracle.query(path, body))
        got = copy.request(path, body)
        if path == "flow_runs/history":  # float sums: compared with a tolerance elsewhere; counts exactly here
            expected = (expected[0], [[s["count_runs"] for s in b["states"]] for b in expected[1]])
            got = (got[0], [[s["count_runs"] for s in b["states"]] for b in got[1]])
        assert got == expected, path


@pytest.mark.parametrize("since", ["2026-10-15T00:00:00Z"])
def test_since_against_prefect(oracle: Any, since: str) -> None:
    dataset = synthetic.generate(120, task_runs_per_run=2, seed=22)
    oracle.run(oracle.oracle.load(dataset))
    copy = Store.from_dataset(
        read_server.read_server(lambda m, p, b: oracle.run(oracle.oracle.query(p, b, method=m)), since=since),
        now=NOW,
    )
    later = {"flow_runs": {"expected_start_time": {"after_": since}}, "sort": "ID_DESC"}
    assert copy.request("flow_runs/filter", later) == oracle.run(oracle.oracle.query("flow_runs/filter", later))
