"""Realistic, deterministic demo and benchmark data in Prefect's dataset format.

The shape follows the oracle's generator (``../shared/oracle/synthetic.py``)
so that sizes and selectivities are comparable: 50 flows, 20 deployments
(every fifth paused), 3 work pools with 2 queues each, flow-run tags drawn
from 30 tags with a skewed (Zipf-like) weight, expected start times over the
30 days of October 2026, states consistent with times relative to
:data:`NOW` (future runs scheduled, past runs mostly completed), about 3 %
subflows, and 4–7 task runs following the state of each started flow run.

>>> data = generate(100, seed=1)
>>> sorted(data), len(data["flow_runs"])
(['deployments', 'flow_runs', 'flows', 'task_runs', 'work_pools', 'work_queues'], 100)
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from .entities.runs.states import TERMINAL_STATE_TYPES

#: The frozen "now" of generated data: pass it to the store (and the oracle) as ``now``.
NOW = dt.datetime(2026, 10, 28, tzinfo=dt.UTC)
#: Start of the 30-day window of expected start times.
WINDOW_START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
WINDOW_DAYS = 30

_DOMAINS = ("etl", "ml", "report", "sync", "backup")
_ADJECTIVES = (
    "agile",
    "bright",
    "cosmic",
    "daring",
    "elegant",
    "fearless",
    "glowing",
    "hidden",
    "ivory",
    "jade",
    "kind",
    "lunar",
    "misty",
    "nimble",
    "orange",
    "polar",
    "quiet",
    "ruby",
    "silver",
    "tawny",
    "ultra",
    "velvet",
    "witty",
    "xenial",
    "zen",
)
_ANIMALS = (
    "aardvark",
    "bobcat",
    "caribou",
    "dugong",
    "emu",
    "flamingo",
    "gibbon",
    "hyena",
    "iguana",
    "jaguar",
    "kiwi",
    "llama",
    "meerkat",
    "nightjar",
    "okapi",
    "pelican",
    "quetzal",
    "rhino",
    "sloth",
    "toucan",
    "uakari",
    "vole",
    "wombat",
    "xerus",
    "yak",
)
_TASKS = ("extract", "transform", "load", "validate", "notify", "train", "score", "export")
#: (type, name, weight) of runs whose expected start is in the past.
PAST_STATES = (
    ("COMPLETED", "Completed", 70),
    ("FAILED", "Failed", 9),
    ("CRASHED", "Crashed", 3),
    ("CANCELLED", "Cancelled", 5),
    ("RUNNING", "Running", 3),
    ("RUNNING", "Retrying", 0.5),
    ("PENDING", "Pending", 2),
    ("SCHEDULED", "Late", 4),
    ("SCHEDULED", "AwaitingRetry", 1),
    ("PAUSED", "Paused", 0.5),
    ("PAUSED", "Suspended", 0.5),
    ("CANCELLING", "Cancelling", 1),
)


def iso(t: dt.datetime | None) -> str | None:
    """ISO 8601 with ``Z``, as the dataset format expects."""
    return None if t is None else t.isoformat().replace("+00:00", "Z")


class _Generator:
    def __init__(self, seed: int, n_tags: int) -> None:
        self.rng = random.Random(seed)
        self.tags = [f"tag-{i:02d}" for i in range(n_tags)]
        self.tag_weights = [1.0 / (i + 1) ** 0.8 for i in range(n_tags)]

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick_tags(self, most: int) -> list[str]:
        return sorted(set(self.rng.choices(self.tags, self.tag_weights, k=self.rng.randint(0, most))))


def _catalog(g: _Generator, n_flows: int, n_deployments: int) -> dict[str, list[dict[str, Any]]]:
    created0 = WINDOW_START - dt.timedelta(days=60)
    flows = [
        {
            "id": g.uid(),
            "name": f"{_DOMAINS[i % len(_DOMAINS)]}-{g.rng.choice(_ANIMALS)}-{i:02d}",
            "tags": g.pick_tags(2),
            "created": iso(created0 + dt.timedelta(hours=i)),
        }
        for i in range(n_flows)
    ]
    pools, queues = [], []
    for i, kind in enumerate(("process", "kubernetes", "docker")):
        pool = {
            "id": g.uid(),
            "name": f"{kind}-pool",
            "type": kind,
            "concurrency_limit": (None, 20, 10)[i],
            "created": iso(created0),
        }
        default = {
            "id": g.uid(),
            "name": "default",
            "work_pool_id": pool["id"],
            "priority": 1,
            "created": iso(created0),
        }
        high = {
            "id": g.uid(),
            "name": f"{kind}-high",
            "work_pool_id": pool["id"],
            "priority": 2,
            "concurrency_limit": 5,
            "created": iso(created0),
        }
        pool["default_queue_id"] = default["id"]
        pools.append(pool)
        queues += [default, high]
    deployments = []
    for i in range(n_deployments):
        flow = flows[i * n_flows // n_deployments]
        deployments.append(
            {
                "id": g.uid(),
                "name": f"{flow['name']}-{('prod', 'dev', 'nightly', 'hourly')[i % 4]}",
                "flow_id": flow["id"],
                "work_queue_id": queues[i % len(queues)]["id"],
                "paused": i % 5 == 4,
                "tags": g.pick_tags(3),
                "concurrency_limit": 3 if i % 7 == 0 else None,
                "created": iso(created0 + dt.timedelta(days=1, hours=i)),
            }
        )
    return {"flows": flows, "work_pools": pools, "work_queues": queues, "deployments": deployments}


def _state_of(g: _Generator, expected: dt.datetime) -> tuple[str, str]:
    if expected > NOW:
        return "SCHEDULED", "Scheduled"
    kind, name, _ = g.rng.choices(PAST_STATES, [w for _, _, w in PAST_STATES])[0]
    return kind, name


def _flow_run(
    g: _Generator, catalog: dict[str, list[dict[str, Any]]], queue_names: dict[str, str]
) -> tuple[dict, dict]:
    """One flow run and the facts its task runs need (start, duration, state)."""
    rng = g.rng
    expected = WINDOW_START + dt.timedelta(seconds=rng.uniform(0, WINDOW_DAYS * 86400))
    expected = expected.replace(microsecond=rng.randrange(0, 1_000_000, 1000))
    deployment = rng.choice(catalog["deployments"]) if rng.random() < 0.75 else None
    flow_id = deployment["flow_id"] if deployment else rng.choice(catalog["flows"])["id"]
    queue_id = deployment["work_queue_id"] if deployment else None
    state, name = _state_of(g, expected)
    started = (
        state in ("COMPLETED", "FAILED", "CRASHED", "RUNNING", "PAUSED", "CANCELLING")
        or (state == "CANCELLED" and rng.random() < 0.7)
        or name == "AwaitingRetry"
    )
    start = expected + dt.timedelta(seconds=rng.uniform(0, 120)) if started else None
    duration = rng.lognormvariate(5, 1.2)  # median about 150 s
    end, total, state_time = None, 0.0, None
    if state in ("COMPLETED", "FAILED", "CRASHED") or (state == "CANCELLED" and start):
        if state != "COMPLETED":
            duration *= rng.uniform(0.05, 1.0)
        end, total = start + dt.timedelta(seconds=duration), round(duration, 3)  # type: ignore[operator]
    elif state == "CANCELLED":
        end = state_time = expected + dt.timedelta(seconds=rng.uniform(0, 600))
    elif state in ("RUNNING", "PAUSED", "CANCELLING") or name == "AwaitingRetry":
        if state != "RUNNING" or name == "Retrying":
            total = round(duration * rng.uniform(0.1, 0.9), 3)
        state_time = start + dt.timedelta(seconds=total)  # type: ignore[operator]
    retried = name in ("Retrying", "AwaitingRetry") or (state == "FAILED" and rng.random() < 0.3)
    created = min(expected, NOW) - dt.timedelta(seconds=rng.uniform(60, 86400))
    run = {
        "id": g.uid(),
        "name": f"{rng.choice(_ADJECTIVES)}-{rng.choice(_ANIMALS)}",
        "flow_id": flow_id,
        "deployment_id": deployment["id"] if deployment else None,
        "work_queue_id": queue_id,
        "work_queue_name": queue_names[queue_id] if queue_id else None,
        "flow_version": rng.choice(("1.0", "1.1", "2.0", None)),
        "tags": g.pick_tags(4),
        "state_type": state,
        "state_name": name,
        "state_timestamp": iso(state_time),
        "expected_start_time": iso(expected),
        "next_scheduled_start_time": iso(expected) if state == "SCHEDULED" else None,
        "start_time": iso(start),
        "end_time": iso(end),
        "total_run_time": total,
        "run_count": (rng.randint(2, 3) if retried else 1) if started else 0,
        "created": iso(created),
        "updated": iso(created),
    }
    if deployment:
        run.update(
            idempotency_key=f"scheduled {deployment['id']} {iso(expected)}",
            auto_scheduled=True,
            created_by={"id": deployment["id"], "type": "DEPLOYMENT", "display_value": deployment["name"]},
        )
    return run, {"start": start, "duration": duration, "state": state, "name": name}


def _task_state(j: int, k: int, state: str, name: str) -> tuple[str, str]:
    last = j == k - 1
    if state == "COMPLETED" or (not last and state not in ("RUNNING", "PENDING")):
        return "COMPLETED", "Completed"
    if state in ("FAILED", "CRASHED") and last:
        return state, name
    if state == "RUNNING":
        return (
            ("COMPLETED", "Completed")
            if j < k // 2
            else (("RUNNING", "Running") if j == k // 2 else ("PENDING", "Pending"))
        )
    if state == "CANCELLED":
        return "CANCELLED", "Cancelled"
    return "PENDING", "Pending"


def _task_runs(g: _Generator, run: dict, facts: dict, per_run: float, offset: int) -> list[dict[str, Any]]:
    k = max(1, round(g.rng.uniform(per_run * 0.8, per_run * 1.4)))
    t, out = facts["start"], []
    for j in range(k):
        step = facts["duration"] / k
        kind, name = _task_state(j, k, facts["state"], facts["name"])
        task = _TASKS[(j + offset) % len(_TASKS)]
        started = t if kind != "PENDING" else None
        ended = t + dt.timedelta(seconds=step) if kind in TERMINAL_STATE_TYPES else None
        out.append(
            {
                "id": g.uid(),
                "name": f"{task}-{j}",
                "flow_run_id": run["id"],
                "task_key": f"{task}-{j:02d}",
                "dynamic_key": "0",
                "tags": [tag for tag in run["tags"] if g.rng.random() < 0.5],
                "state_type": kind,
                "state_name": name,
                "state_timestamp": iso(started) if kind == "RUNNING" else None,
                "expected_start_time": iso(t),
                "start_time": iso(started),
                "end_time": iso(ended),
                "total_run_time": round(step, 3) if ended else 0.0,
                "run_count": 1 if started else 0,
                "created": iso(t),
                "updated": iso(t),
            }
        )
        t += dt.timedelta(seconds=step)
    return out


def generate(
    n_flow_runs: int = 10_000,
    task_runs_per_run: float = 5,
    seed: int = 1,
    n_flows: int = 50,
    n_deployments: int = 20,
    n_tags: int = 30,
) -> dict[str, list[dict[str, Any]]]:
    """A dataset with `n_flow_runs` flow runs and about `task_runs_per_run` task runs per started run."""
    g = _Generator(seed, n_tags)
    data = _catalog(g, n_flows, n_deployments)
    queue_names = {q["id"]: q["name"] for q in data["work_queues"]}
    flow_runs: list[dict[str, Any]] = []
    task_runs: list[dict[str, Any]] = []
    parents_used: set[str] = set()
    for i in range(n_flow_runs):
        run, facts = _flow_run(g, data, queue_names)
        flow_runs.append(run)
        if facts["start"] is None or task_runs_per_run <= 0:
            continue
        earlier_tasks = len(task_runs)
        task_runs += _task_runs(g, run, facts, task_runs_per_run, i)
        # about 3 % of runs become subflows of an earlier run's task (one subflow per task)
        if i > 10 and earlier_tasks and g.rng.random() < 0.03:
            parent = task_runs[g.rng.randrange(0, earlier_tasks)]["id"]
            if parent not in parents_used:
                parents_used.add(parent)
                run["parent_task_run_id"] = parent
    data["flow_runs"], data["task_runs"] = flow_runs, task_runs
    return data
