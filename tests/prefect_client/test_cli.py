"""Prefect's own CLI against runfilter and against a real Prefect 3.9.1 server holding the same dataset.

Each read command of ``prefect flow-run|flow|deployment|task-run|work-pool|
work-queue|concurrency-limit|global-concurrency-limit`` runs twice at the same moment, once with ``PREFECT_API_URL``
work-queue|automation`` runs twice at the same moment, once with ``PREFECT_API_URL``
pointing at ``runfilter serve`` and once at ``prefect server start`` (on a
database the oracle wrote from the same dataset); exit status, stdout and
stderr must be the same, up to the durations that tick with the clock
(``estimated_run_time``, ``estimated_start_time_delta``). The dataset's
times sit a quarter hour or more away from whole hours and days from now, so
the relative times the CLI prints ("in 2 hours") read the same on both.
The polls (``preview``, ``read-runs``) run last, in the same order on both.
No two records tie on a sort key the CLI uses (tie order is a documented
difference, docs/semantics.md#tie-order).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runfilter import Store
from runfilter.server import serve_in_background

REPO_ROOT = Path(__file__).resolve().parents[2]
PREFECT = Path(sys.executable).with_name("prefect")
SERVICES = (
    "CANCELLATION_CLEANUP CLEANUP_RECONCILER DB_VACUUM EVENT_LOGGER EVENT_PERSISTER FOREMAN LATE_RUNS "
    "PAUSE_EXPIRATIONS REPOSSESSOR SCHEDULER TASK_RUN_RECORDER TRIGGERS"
).split()


def _id(kind: int, n: int) -> str:
    return f"00000000-0000-4000-8{kind:03x}-{n:012x}"


FLOW_RUN, SUBFLOW_RUN, TASK_RUN, AUTOMATION = _id(0xE, 1), _id(0xE, 7), _id(0x7, 1), _id(0xA, 1)


def _dataset(now: dt.datetime) -> dict[str, Any]:
    """Pools, queues, two flows, three deployments (schedules), runs in every kind of state, two task runs, logs."""
    """Pools, queues, workers (an ONLINE one makes the paused pool READY), two flows, three deployments
    (schedules), runs in every kind of state, two task runs."""

    def at(hours: float) -> str:
        return (now + dt.timedelta(hours=hours)).isoformat()

    created = at(-24 * 30)
    pool, agent, paused = _id(0xB, 1), _id(0xB, 2), _id(0xB, 3)
    q = {name: _id(0xC, i) for i, name in enumerate(("p-default", "p-high", "a-default", "a-backlog", "x-default"), 1)}
    agent_flow, etl = _id(0xF, 1), _id(0xF, 2)
    nightly, prod, dev = _id(0xD, 1), _id(0xD, 2), _id(0xD, 3)
    return {
        "flows": [
            {"id": agent_flow, "name": "agent-flow", "created": created, "tags": ["ops"]},
            {"id": etl, "name": "etl", "created": at(-24 * 29)},
        ],
        "work_pools": [
            {
                "id": pool,
                "name": "process-pool",
                "type": "process",
                "concurrency_limit": 5,
                "status": "READY",
                "default_queue_id": q["p-default"],
                "created": created,
                "description": "runs processes",
            },
            {
                "id": agent,
                "name": "default-agent-pool",
                "type": "prefect-agent",
                "default_queue_id": q["a-default"],
                "created": created,
            },
            {
                "id": paused,
                "name": "paused-pool",
                "type": "process",
                "is_paused": True,
                "default_queue_id": q["x-default"],
                "created": created,
            },
        ],
        "work_queues": [
            {"id": q["p-default"], "name": "default", "work_pool_id": pool, "priority": 1, "created": created},
            {
                "id": q["p-high"],
                "name": "process-high",
                "work_pool_id": pool,
                "priority": 2,
                "concurrency_limit": 2,
                "created": created,
            },
            {"id": q["a-default"], "name": "default", "work_pool_id": agent, "priority": 1, "created": created},
            {"id": q["a-backlog"], "name": "agent-backlog", "work_pool_id": agent, "priority": 2, "created": created},
            {"id": q["x-default"], "name": "default", "work_pool_id": paused, "priority": 1, "created": created},
        ],
        "workers": [
            {"id": _id(0xA, 1), "name": "worker-1", "work_pool_name": "paused-pool", "last_heartbeat_time": at(-0.01)},
            {"id": _id(0xA, 2), "name": "worker-1", "work_pool_id": pool, "last_heartbeat_time": at(-5)},
        ],
        "deployments": [
            {
                "id": nightly,
                "name": "nightly",
                "flow_id": agent_flow,
                "work_queue_id": q["a-backlog"],
                "created": created,
                "tags": ["nightly"],
                "parameters": {"n": 3},
                "schedules": [
                    {"schedule": {"interval": 3600, "anchor_date": "2026-01-01T00:15:00Z"}, "slug": "hourly"},
                    {"schedule": {"cron": "0 3 * * *", "timezone": "Europe/Paris"}, "active": False},
                ],
            },
            {
                "id": prod,
                "name": "etl-prod",
                "flow_id": etl,
                "work_queue_id": q["p-default"],
                "concurrency_limit": 4,
                "created": created,
                "schedules": [{"schedule": {"rrule": "FREQ=DAILY;BYHOUR=6"}}],
            },
            {"id": dev, "name": "etl-dev", "flow_id": etl, "work_queue_id": q["p-high"], "created": created},
        ],
        "flow_runs": [
            {
                "id": FLOW_RUN,
                "name": "done-run",
                "flow_id": etl,
                "deployment_id": prod,
                "work_queue_id": q["p-default"],
                "state_type": "COMPLETED",
                "expected_start_time": at(-50.25),
                "start_time": at(-50.25),
                "end_time": at(-50),
                "created": at(-51),
                "tags": ["a"],
                "parameters": {"x": 1},
            },
            {
                "id": _id(0xE, 2),
                "name": "failed-run",
                "flow_id": etl,
                "deployment_id": dev,
                "work_queue_id": q["p-high"],
                "state_type": "FAILED",
                "expected_start_time": at(-26.25),
                "start_time": at(-26.25),
                "end_time": at(-26),
                "created": at(-27),
            },
            {
                "id": _id(0xE, 3),
                "name": "running-run",
                "flow_id": etl,
                "deployment_id": prod,
                "work_queue_id": q["p-default"],
                "state_type": "RUNNING",
                "expected_start_time": at(-1.33),
                "start_time": at(-1.33),
                "created": at(-2),
            },
            {
                "id": _id(0xE, 4),
                "name": "agent-soon",
                "flow_id": agent_flow,
                "deployment_id": nightly,
                "work_queue_id": q["a-backlog"],
                "state_type": "SCHEDULED",
                "expected_start_time": at(2.33),
                "next_scheduled_start_time": at(2.33),
                "created": at(-3),
            },
            {
                "id": _id(0xE, 5),
                "name": "agent-late",
                "flow_id": agent_flow,
                "deployment_id": nightly,
                "work_queue_id": q["a-backlog"],
                "state_type": "SCHEDULED",
                "state_name": "Late",
                "expected_start_time": at(-2.33),
                "next_scheduled_start_time": at(-2.33),
                "created": at(-5),
            },
            {
                "id": _id(0xE, 6),
                "name": "process-soon",
                "flow_id": etl,
                "deployment_id": prod,
                "work_queue_id": q["p-default"],
                "state_type": "SCHEDULED",
                "expected_start_time": at(0.75),
                "next_scheduled_start_time": at(0.75),
                "created": at(-5),
            },
            {
                "id": SUBFLOW_RUN,
                "name": "sub-run",
                "flow_id": agent_flow,
                "parent_task_run_id": TASK_RUN,
                "state_type": "COMPLETED",
                "expected_start_time": at(-50.2),
                "start_time": at(-50.2),
                "end_time": at(-50.1),
                "created": at(-51),
            },
            {
                "id": _id(0xE, 8),
                "name": "pending-run",
                "flow_id": etl,
                "work_queue_id": q["p-high"],
                "deployment_id": dev,
                "state_type": "PENDING",
                "expected_start_time": at(-0.25),
                "created": at(-1),
            },
        ],
        "task_runs": [
            {
                "id": TASK_RUN,
                "name": "extract-0",
                "task_key": "extract",
                "flow_run_id": FLOW_RUN,
                "state_type": "COMPLETED",
                "expected_start_time": at(-50.24),
                "start_time": at(-50.24),
                "end_time": at(-50.1),
                "created": at(-51),
            },
            {
                "id": _id(0x7, 2),
                "name": "transform-0",
                "task_key": "transform",
                "flow_run_id": FLOW_RUN,
                "state_type": "COMPLETED",
                "expected_start_time": at(-50.1),
                "start_time": at(-50.1),
                "end_time": at(-50.05),
                "created": at(-51),
                "tags": ["heavy"],
            },
        ],
        "logs": [
            {
                "id": _id(0x1, i),
                "name": "prefect.task_runs" if task else "prefect.flow_runs",
                "level": level,
                "message": message,
                "timestamp": at(hours),
                "flow_run_id": FLOW_RUN,
                "task_run_id": TASK_RUN if task else None,
            }
            for i, (hours, level, task, message) in enumerate(
                [
                    (-50.25, 20, False, "Beginning flow run 'done-run'"),
                    (-50.24, 20, True, "Extracting [3] rows, with a comma"),
                    (-50.2, 30, True, "Slow source: retrying"),
                    (-50.15, 40, True, "Error: 'timeout'\nsecond line"),
                    (-50.1, 20, True, "Finished in state Completed()"),
                    (-50, 20, False, "Finished in state Completed()"),
                ],
                1,
            )
        ],
        "variables": [
            {"id": _id(0x10, 1), "name": "region", "value": "eu", "tags": ["prod"], "created": at(-30)},
            {"id": _id(0x10, 2), "name": "retries", "value": 3, "created": at(-20), "updated": at(-2)},
            {
                "id": _id(0x10, 3),
                "name": "settings",
                "value": {"batch": [1, 2], "dry": False},
                "tags": ["etl", "prod"],
                "created": at(-9),
            },
            {"id": _id(0x10, 4), "name": "nothing", "value": None, "created": at(-1)},
        ],
        # tag limits, global limits (no decay: the real server's clock moves on) and etl-prod's own limit
        "concurrency_limits": [
            {"id": _id(0x1C, 1), "tag": "heavy", "concurrency_limit": 2, "created": at(-24 * 3.4)},
            {"id": _id(0x1C, 2), "tag": "nightly", "concurrency_limit": 0, "created": at(-24 * 2.4)},
        ],
        "global_concurrency_limits": [
            {"id": _id(0x2C, 1), "name": "api", "limit": 5, "active_slots": 2, "created": at(-24 * 5.4)},
            {"id": _id(0x2C, 2), "name": "db", "limit": 1, "active": False, "created": at(-24 * 6.4)},
        ],
        # trigger sets hold one value each: the two CLI processes print a set in their own hash order
        "automations": [
            {
                "id": AUTOMATION,
                "name": "rerun-nightly",
                "description": "reruns the nightly deployment",
                "tags": ["ops"],
                "trigger": {
                    "type": "event",
                    "posture": "Reactive",
                    "expect": ["prefect.flow-run.Failed"],
                    "match": {"prefect.resource.id": "prefect.flow-run.*"},
                    "threshold": 2,
                    "within": 60,
                },
                "actions": [{"type": "run-deployment", "deployment_id": nightly, "parameters": {"retry": True}}],
                "actions_on_resolve": [{"type": "do-nothing"}],
                # not etl-prod: Prefect's `deployment inspect -o json` fails on a deployment with automations
                # (their trigger sets are not JSON serializable), for runfilter as for Prefect
                "owner_resource": f"prefect.deployment.{dev}",
                "created": at(-24),
            },
            {
                "id": _id(0xA, 2),
                "name": "quiet-pool",
                "enabled": False,
                "trigger": {
                    "type": "compound",
                    "require": "any",
                    "within": 300,
                    "triggers": [
                        {"type": "event", "posture": "Proactive", "expect": ["prefect.work-pool.ready"]},
                        {"type": "event", "posture": "Reactive", "expect": ["prefect.work-pool.not-ready"]},
                    ],
                },
                "actions": [
                    {"type": "pause-work-pool", "work_pool_id": paused},
                    {"type": "change-flow-run-state", "state": "CANCELLED", "message": "pool down"},
                ],
                "created": at(-23),
            },
        ],
    }


def _commands() -> list[list[str]]:
    missing = _id(0xE, 0xFF)
    reads = [
        ["flow-run", "ls"],
        ["flow-run", "ls", "-o", "json"],
        ["flow-run", "ls", "--flow-name", "agent-flow", "--state-type", "SCHEDULED", "--limit", "5"],
        ["flow-run", "ls", "--state", "Late", "--state", "Completed"],
        ["flow-run", "inspect", FLOW_RUN],
        ["flow-run", "inspect", SUBFLOW_RUN, "-o", "json"],
        ["flow-run", "inspect", missing],
        ["flow", "ls"],
        ["flow", "ls", "-o", "json", "--limit", "1"],
        ["deployment", "ls"],
        ["deployment", "ls", "-o", "json"],
        ["deployment", "ls", "etl", "--by-created"],
        ["deployment", "inspect", "agent-flow/nightly"],
        ["deployment", "inspect", "etl/etl-prod", "-o", "json"],
        ["deployment", "inspect", "agent-flow/nope"],
        ["deployment", "inspect", "etl/etl-dev"],
        ["deployment", "schedule", "ls", "agent-flow/nightly"],
        ["deployment", "schedule", "ls", "etl/etl-prod", "-o", "json"],
        ["deployment", "schedule", "ls", "etl/etl-dev"],
        ["task-run", "ls"],
        ["task-run", "inspect", TASK_RUN],
        ["task-run", "inspect", TASK_RUN, "-o", "json"],
        ["flow-run", "logs", FLOW_RUN],
        ["flow-run", "logs", FLOW_RUN, "--head", "--num-logs", "2"],
        ["flow-run", "logs", FLOW_RUN, "--tail", "--num-logs", "2"],
        ["flow-run", "logs", FLOW_RUN, "--reverse", "-o", "json"],
        ["flow-run", "logs", _id(0xE, 2)],
        ["flow-run", "logs", missing],
        ["task-run", "logs", TASK_RUN],
        ["task-run", "logs", TASK_RUN, "--tail", "--num-logs", "2"],
        ["task-run", "logs", TASK_RUN, "-o", "json"],
        ["task-run", "logs", _id(0x7, 2)],
        ["work-pool", "ls"],
        ["work-pool", "ls", "--verbose"],
        ["work-pool", "inspect", "process-pool"],
        ["work-pool", "inspect", "paused-pool"],
        ["work-pool", "inspect", "default-agent-pool", "-o", "json"],
        ["work-pool", "inspect", "nope"],
        ["work-queue", "ls"],
        ["work-queue", "ls", "--pool", "process-pool", "-v"],
        ["work-queue", "inspect", "agent-backlog"],
        ["work-queue", "inspect", "process-high", "--pool", "process-pool", "-o", "json"],
        ["work-queue", "inspect", "nope"],
        ["variable", "ls"],
        ["variable", "ls", "--limit", "2"],
        ["variable", "inspect", "settings"],
        ["variable", "inspect", "nothing", "-o", "json"],
        ["variable", "inspect", "nope"],
        ["variable", "get", "retries"],
        ["variable", "get", "settings"],
        ["variable", "get", "nope"],
        ["concurrency-limit", "ls"],
        ["concurrency-limit", "ls", "-o", "json", "--limit", "5", "--offset", "1"],
        ["concurrency-limit", "inspect", "heavy"],
        ["concurrency-limit", "inspect", "nightly", "-o", "json"],
        ["concurrency-limit", "inspect", "nope"],
        ["global-concurrency-limit", "ls"],
        ["global-concurrency-limit", "ls", "-o", "json"],
        ["global-concurrency-limit", "inspect", "api"],
        ["global-concurrency-limit", "inspect", "db", "-o", "json"],
        ["global-concurrency-limit", "inspect", "nope"],
        ["automation", "ls"],
        ["automation", "inspect", "rerun-nightly"],
        ["automation", "inspect", "quiet-pool", "-o", "json"],
        ["automation", "inspect", "--id", AUTOMATION, "-o", "yaml"],
        ["automation", "inspect", "nope"],
        ["automation", "inspect", "--id", missing],
    ]
    polls = [
        ["work-pool", "preview", "process-pool", "--hours", "3"],
        ["work-pool", "preview", "paused-pool"],
        ["work-queue", "preview", "agent-backlog", "--hours", "3"],
        ["work-queue", "read-runs", "agent-backlog"],
        ["work-queue", "read-runs", "default", "--pool", "process-pool"],
    ]
    return reads + polls


_CLOCK_FIELDS = ("estimated_run_time", "estimated_start_time_delta", "time_in_current_state")
_CLOCK_REPR = re.compile(r"(estimated_run_time|estimated_start_time_delta)=datetime\.timedelta\([^)]*\)")


def _normalised(text: str) -> Any:
    """The CLI's output with the durations that tick with the clock left out."""
    try:
        value = json.loads(text)
    except ValueError:
        return _CLOCK_REPR.sub(r"\1=…", text)

    def drop(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: drop(v) for k, v in item.items() if k not in _CLOCK_FIELDS}
        if isinstance(item, list):
            return [drop(v) for v in item]
        return item

    return drop(value)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prefect server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("prefect server did not become healthy")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """{"prefect": API URL, "runfilter": API URL}, both holding the same dataset."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with prefect_and_runfilter(tmp_path_factory.mktemp("cli"), _dataset(now), now) as urls:
        yield urls


@contextlib.contextmanager
def prefect_and_runfilter(work: Path, dataset: dict[str, Any], now: dt.datetime) -> Iterator[dict[str, str]]:
    """``prefect server start`` on the database the oracle writes from `dataset`, and ``runfilter serve`` on it:
    {"prefect": API URL, "runfilter": API URL}. Skips without the oracle or the ``prefect`` command."""
    oracle_dir = Path(os.environ.get("RUNFILTER_ORACLE_DIR") or REPO_ROOT.parent / "shared" / "oracle").resolve()
    oracle = oracle_dir / "prefect_oracle.py"
    if not oracle.is_file():
        pytest.skip(f"no Prefect oracle at {oracle.parent} to write the real server's database (RUNFILTER_ORACLE_DIR)")
    if not PREFECT.exists():
        pytest.skip(f"no prefect command next to {sys.executable}")
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


def _clean_env(home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "COLUMNS": "200",
        "PREFECT_HOME": str(home / ".prefect"),
    }


def _meant_to_fail(command: list[str]) -> bool:
    """The commands that ask for something missing: Prefect's CLI exits non-zero for them."""
    return any(arg == "nope" or arg.endswith(("/nope", "0ff")) for arg in command)


def test_the_cli_prints_the_same_for_runfilter_as_for_prefect(servers: dict[str, str], tmp_path: Path) -> None:
    differences, statuses = [], []
    for command in _commands():
        running = {}
        for name, url in servers.items():
            env = _clean_env(tmp_path / f"cli-{name}") | {"PREFECT_API_URL": url}
            running[name] = subprocess.Popen(
                [str(PREFECT), *command], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        answers = {}
        for name, process in running.items():
            out, err = process.communicate(timeout=120)
            answers[name] = (process.returncode, _normalised(out), _normalised(err.replace(servers[name], "<api>")))
        shown = " ".join(command)
        if answers["runfilter"] != answers["prefect"]:
            differences.append(
                f"prefect {shown}:\n  prefect:   {answers['prefect']}\n  runfilter: {answers['runfilter']}"
            )
        if (answers["runfilter"][0] != 0) != _meant_to_fail(command):
            statuses.append(f"prefect {shown} exited {answers['runfilter'][0]}: {answers['runfilter'][2]}")
    assert not differences, "\n".join(differences)
    assert not statuses, "\n".join(statuses)
