"""The benchmark runner works end to end at a tiny size (timings are not checked, only the report)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNNER = REPO_ROOT / "benchmarks" / "run.py"
QUERY_KEYS = ["a", "b", "c", "d", "d2", "e", "e2", "f", "g", "h"]
TINY = ["--budget", "0.02", "--min-repeats", "2", "--naive-budget", "0.02", "--prefect-budget", "0.02"]


def _run(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--out-dir", str(tmp_path), "--label", "smoke", *TINY, *options],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done, json.loads((tmp_path / "smoke.json").read_text())


def test_runner_reports_every_query_checked_against_naive(tmp_path: Path) -> None:
    done, result = _run(tmp_path, "--sizes", "300", "--first-query-runs", "300", "--first-query-repeats", "1")
    (size,) = result["sizes"]
    assert size["flow_runs"] == 300 and size["load"]["records"] > 300
    assert [e["key"] for e in size["queries"]] == QUERY_KEYS
    for entry in size["queries"]:
        assert entry["naive_diffs"] == [], entry["key"]
        assert entry["runfilter"]["repeats"] >= 2 and entry["runfilter"]["median_ms"] > 0
        assert entry["verdict"]["x_vs_naive"] > 0 and entry["verdict"]["x_vs_prefect"] is None
    assert size["memory"]["peak_rss_mb"] >= size["memory"]["rss_mb_by_stage"]["dataset_and_store"]
    assert result["first_query"]["typical"]["status"] == 200
    assert result["mismatches"] == []
    assert "| query | runfilter median ms | naive median ms | Prefect median ms |" in done.stdout
    assert (tmp_path / "smoke.md").read_text() == done.stdout


def _oracle_available() -> bool:
    oracle_dir = Path(os.environ.get("RUNFILTER_ORACLE_DIR") or REPO_ROOT.parent / "shared" / "oracle")
    python = Path(os.environ.get("RUNFILTER_ORACLE_PYTHON") or REPO_ROOT / ".oracle-venv" / "bin" / "python")
    return (oracle_dir / "prefect_oracle.py").is_file() and python.is_file()


@pytest.mark.oracle
@pytest.mark.skipif(not _oracle_available(), reason="the Prefect oracle (RUNFILTER_ORACLE_DIR/PYTHON) is absent")
def test_runner_times_prefect_and_compares_its_answers(tmp_path: Path) -> None:
    _, result = _run(tmp_path, "--sizes", "200", "--prefect", "--no-probes", "--no-naive")
    (size,) = result["sizes"]
    assert size["prefect"]["prefect"] == "3.9.1"
    for entry in size["queries"]:
        assert entry["prefect_verdict"].startswith("match"), (entry["key"], entry["prefect_diffs"])
        assert entry["prefect"]["median_ms"] > 0 and entry["verdict"]["x_vs_prefect"] > 0


def test_shared_store_benchmark_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "shared_store.py"), "--size", "200"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| shared store, snapshot + restore around a writing test |" in done.stdout
    result = json.loads((REPO_ROOT / "benchmarks" / "results" / "shared-store-200.json").read_text())
    assert set(result["timings"]) == {"load", "read-only test", "writing test"}
