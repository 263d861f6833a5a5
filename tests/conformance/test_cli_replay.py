"""``runfilter query --clock-step`` replays a recorded polling sequence exactly as the oracle's CLI recorded it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from compare import dataset_lookup, diff_answer
from corpus import load_case_file, load_expected


def _differences(suite: Any, expected: dict[str, Any], answers: list[Any]) -> list[str]:
    """Each way the CLI's answers differ from the recorded ones, as ``case-id: difference``."""
    lookup = dataset_lookup(suite.dataset)
    return [
        f"{case['id']}: {diff}"
        for case, answer in zip(suite.cases, answers, strict=True)
        for diff in diff_answer(case["endpoint"], case.get("body", {}), expected[case["id"]], answer, lookup)
    ]


def test_the_polling_sequence_replays_through_the_cli(tmp_path: Path) -> None:
    suite = load_case_file("pq_polls")
    expected = load_expected("pq_polls")
    (tmp_path / "dataset.json").write_text(json.dumps(suite.dataset))
    (tmp_path / "queries.json").write_text(json.dumps(suite.cases))
    command = [
        sys.executable,
        "-m",
        "runfilter",
        "query",
        str(tmp_path / "dataset.json"),
        str(tmp_path / "queries.json"),
    ]
    command += ["--now", suite.now, "--clock-step", str(suite.clock_step), "--indent", "-1"]
    answers = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    diffs = _differences(suite, expected, answers)
    assert not diffs, "\n".join(diffs[:20])


def test_without_a_clock_step_every_request_sees_the_same_instant(tmp_path: Path) -> None:
    suite = load_case_file("pq_polls")
    (tmp_path / "dataset.json").write_text(json.dumps(suite.dataset))
    queue = "00000000-0000-0000-000c-000000000002"
    queries = [
        {"endpoint": f"work_queues/{queue}/get_runs", "body": {}},
        {"endpoint": "work_queues/{{0.0.work_queue_id}}", "method": "GET"},
    ]
    (tmp_path / "queries.json").write_text(json.dumps(queries))
    command = [
        sys.executable,
        "-m",
        "runfilter",
        "query",
        str(tmp_path / "dataset.json"),
        str(tmp_path / "queries.json"),
    ]
    answers = json.loads(subprocess.run([*command, "--now", suite.now], check=True, capture_output=True).stdout)
    assert answers[1]["response"]["last_polled"] == "2026-11-01T00:00:00Z"
    bad = subprocess.run([*command, "--clock-step", "1"], capture_output=True, text=True)
    assert bad.returncode != 0 and "--clock-step needs --now" in bad.stderr


#: The case files of the kinds issue 13 added (GET routes with params, text answers, clock steps among them).
NEWER_KINDS = sorted(path.stem for path in (Path(__file__).parent / "cases").glob("k13_*.json"))


@pytest.mark.parametrize("name", NEWER_KINDS)
def test_the_newer_kinds_replay_through_the_cli(tmp_path: Path, name: str) -> None:
    """`runfilter query` reads the oracle CLI's request files and writes its answer format for every new kind."""
    suite = load_case_file(name)
    expected = load_expected(name)
    (tmp_path / "dataset.json").write_text(json.dumps(suite.dataset))
    command = [sys.executable, "-m", "runfilter", "query", str(tmp_path / "dataset.json"), "-", "-o", "-"]
    command += ["--now", suite.now, "--indent", "-1"]
    if suite.clock_step:
        command += ["--clock-step", str(suite.clock_step)]
    done = subprocess.run(command, input=json.dumps(suite.cases), check=True, capture_output=True, text=True)
    answers = json.loads(done.stdout)
    diffs = _differences(suite, expected, answers)
    assert not diffs, "\n".join(diffs[:20])
