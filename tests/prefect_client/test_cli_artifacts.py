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
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_cli import PREFECT, _clean_env, prefect_and_runfilter


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
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with prefect_and_runfilter(tmp_path_factory.mktemp("cli-artifacts"), _dataset(now), now) as urls:
        yield urls


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
