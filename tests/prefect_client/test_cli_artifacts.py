"""``prefect artifact ls`` and ``prefect artifact inspect`` against ``runfilter serve`` and ``prefect server start``.

The same set-up as ``test_cli.py`` (whose server helpers this reuses): the
oracle writes the real server's database from the same dataset, each command
runs against both servers at the same moment, and exit status, stdout and
stderr must agree. Times sit a quarter hour or more away from whole hours
and days from now, so the relative "Updated" column reads the same on both;
no two artifacts of a key share ``updated`` (``inspect`` sorts by it) and
``ls --all`` is only asked of keys with one artifact (tie order,
docs/semantics.md#tie-order).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_cli import PREFECT, REPO_ROOT, SERVICES, _clean_env, _free_port, _wait_healthy

from runfilter import Store
from runfilter.server import serve_in_background


def _id(n: int) -> str:
    return f"00000000-0000-4000-80a0-{n:012x}"


def _dataset(now: dt.datetime) -> dict[str, Any]:
    """Two keys with versions, one single-version key and an unkeyed artifact, at quarter-hour offsets from now."""

    def at(hours: float) -> str:
        return (now + dt.timedelta(hours=hours)).isoformat()

    return {
        "artifacts": [
            {"id": _id(1), "key": "sales-report", "type": "markdown", "data": "# v1", "created": at(-50.25)},
            {"id": _id(2), "key": "sales-report", "type": "table", "data": [{"a": 1}], "created": at(-26.25)},
            {"id": _id(3), "key": "sales-report", "type": "markdown", "description": "v3", "created": at(-3.25)},
            {"id": _id(4), "key": "model-score", "type": "progress", "data": 40.0, "created": at(-72.25)},
            {"id": _id(5), "key": "model-score", "type": "progress", "data": 90.0, "created": at(-5.75)},
            {"id": _id(6), "key": "link-1", "type": "link", "data": "https://example.com", "created": at(-1.25)},
            {"id": _id(7), "type": "result", "data": {"storage_key": "x"}, "created": at(-2.25)},
        ]
    }


def _commands() -> list[list[str]]:
    return [
        ["artifact", "ls"],
        ["artifact", "ls", "-o", "json"],
        ["artifact", "ls", "--limit", "2"],
        ["artifact", "inspect", "sales-report"],
        ["artifact", "inspect", "sales-report", "-o", "json", "--limit", "2"],
        ["artifact", "inspect", "model-score", "-o", "json"],
        ["artifact", "inspect", "nope"],
    ]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """{"prefect": API URL, "runfilter": API URL}, both holding the artifact dataset."""
    oracle_dir = Path(os.environ.get("RUNFILTER_ORACLE_DIR") or REPO_ROOT.parent / "shared" / "oracle").resolve()
    oracle = oracle_dir / "prefect_oracle.py"
    if not oracle.is_file():
        pytest.skip(f"no Prefect oracle at {oracle.parent} to write the real server's database (RUNFILTER_ORACLE_DIR)")
    if not PREFECT.exists():
        pytest.skip(f"no prefect command next to {sys.executable}")
    work = tmp_path_factory.mktemp("cli-artifacts")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    dataset = _dataset(now)
    (work / "dataset.json").write_text(json.dumps(dataset))
    (work / "queries.json").write_text("[]")
    cache = os.environ.get("PREFECT_ORACLE_CACHE", str(REPO_ROOT / ".oracle-cache"))
    oracle_args = [str(work / "dataset.json"), str(work / "queries.json"), "--db", str(work / "prefect.db")]
    subprocess.run(
        [sys.executable, str(oracle), *oracle_args, "--now", now.isoformat(), "-o", str(work / "answers.json")],
        check=True,
        env=_clean_env(work / "oracle-home") | {"PREFECT_ORACLE_CACHE": cache},
        capture_output=True,
    )
    port = _free_port()
    env = _clean_env(work / "server-home") | {
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{work / 'prefect.db'}",
        "PREFECT_API_DATABASE_MIGRATE_ON_START": "false",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
        **{f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in SERVICES},
    }
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/api", server)
        with serve_in_background(Store.from_dataset(dataset)) as runfilter_url:
            yield {"prefect": f"http://127.0.0.1:{port}/api", "runfilter": runfilter_url}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_artifact_commands_print_the_same_for_runfilter_as_for_prefect(servers: dict[str, str], tmp_path: Path) -> None:
    differences, statuses = [], []
    for command in _commands():
        answers = {}
        for name, url in servers.items():
            env = _clean_env(tmp_path / f"cli-{name}") | {"PREFECT_API_URL": url}
            done = subprocess.run([str(PREFECT), *command], env=env, capture_output=True, text=True, timeout=120)
            answers[name] = (done.returncode, done.stdout, done.stderr.replace(url, "<api>"))
        shown = " ".join(command)
        if answers["runfilter"] != answers["prefect"]:
            differences.append(
                f"prefect {shown}:\n  prefect:   {answers['prefect']}\n  runfilter: {answers['runfilter']}"
            )
        if (answers["runfilter"][0] != 0) != (command[-1] == "nope"):
            statuses.append(f"prefect {shown} exited {answers['runfilter'][0]}: {answers['runfilter'][2]}")
    assert not differences, "\n".join(differences)
    assert not statuses, "\n".join(statuses)
