"""``runfilter snapshot``: a server's records read back through its API load into an equal store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runfilter import Store, cli, read_server, synthetic
from runfilter.server import serve_in_background

NOW = synthetic.iso(synthetic.NOW)
QUERIES = [
    ("flow_runs/filter", {"sort": "ID_DESC", "limit": 50}),
    ("flow_runs/filter", {"sort": "NAME_ASC", "flow_runs": {"name": {"like_": "a"}}}),
    ("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}),
    ("task_runs/filter", {"sort": "EXPECTED_START_TIME_DESC"}),
    ("deployments/filter", {}),
    ("work_queues/filter", {}),
    ("work_pools/filter", {}),
    ("flows/paginate", {"page": 2, "limit": 7}),
    ("flow_runs/history", {
        "history_start": "2026-10-01T00:00:00Z", "history_end": "2026-10-28T00:00:00Z",
        "history_interval_seconds": 86400,
    }),
]


def _fetch(store: Store):
    return lambda method, path, body: store.request(path, body, method)


@pytest.fixture(scope="module")
def server_store() -> Store:
    # more than one page of runs and task runs, subflows included
    return Store.from_dataset(synthetic.generate(450, task_runs_per_run=2, seed=9), now=NOW)


def test_a_snapshot_answers_like_the_server(server_store: Store) -> None:
    pages: list[tuple[str, int]] = []
    dataset = read_server.read_server(_fetch(server_store), progress=lambda kind, n: pages.append((kind, n)))
    assert {kind: len(rows) for kind, rows in dataset.items()} == {
        kind: n for kind, n in server_store.counts().items() if kind in dataset
    }
    assert ("flow_runs", 200) in pages and ("flow_runs", 450) in pages
    copy = Store.from_dataset(json.loads(json.dumps(dataset)), now=NOW)
    for path, body in QUERIES:
        assert _untied(copy.request(path, body)) == _untied(server_store.request(path, body)), path


def _untied(answer: tuple[int, object]) -> tuple[int, object]:
    # records that tie on the sort key come in load order (docs/semantics.md#tie-order); a copy
    # is loaded in the order it was read, so only the rows, not their order within ties, must agree
    status, payload = answer
    if isinstance(payload, list) and payload and isinstance(payload[0], dict) and "id" in payload[0]:
        return status, sorted(payload, key=lambda row: row["id"])
    return answer


def test_since_keeps_later_runs_and_the_parents_of_their_subflows(server_store: Store) -> None:
    since = "2026-10-20T00:00:00Z"
    dataset = read_server.read_server(_fetch(server_store), since=since)
    copy = Store.from_dataset(dataset, now=NOW)  # every parent task run and its flow run came along
    later = {"flow_runs": {"expected_start_time": {"after_": since}}}
    assert copy.request("flow_runs/count", later) == server_store.request("flow_runs/count", later)
    assert copy.counts()["flow_runs"] < server_store.counts()["flow_runs"]


def test_a_failing_server_is_one_error() -> None:
    with pytest.raises(read_server.ServerReadError, match="HTTP 500"):
        read_server.read_server(lambda method, path, body: (500, {"detail": "boom"}))


def test_the_command_over_http(server_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "copy.json"
    with serve_in_background(server_store) as url:
        assert cli.main(["snapshot", "--api-url", url, "-o", str(out)]) == 0
    assert "read 50 flows" in capsys.readouterr().err
    copy = Store.from_dataset(json.loads(out.read_text()), now=NOW)
    assert copy.counts() == {k: v for k, v in server_store.counts().items()}


def test_the_command_against_no_server(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["snapshot", "--api-url", "http://127.0.0.1:9/api", "--quiet"]) == 2
    assert "runfilter: POST http://127.0.0.1:9/api/flows/filter:" in capsys.readouterr().err


def test_synth_writes_the_benchmark_dataset(tmp_path: Path) -> None:
    out = tmp_path / "synth.json"
    assert cli.main(["synth", "--flow-runs", "30", "--seed", "4", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == json.loads(json.dumps(synthetic.generate(30, task_runs_per_run=5, seed=4)))
