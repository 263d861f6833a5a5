"""``runfilter demo``: build a realistic store and show typical queries, answers and timings."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from . import synthetic
from .store import Store


def _timed(call: Callable[[], Any], repeats: int = 5) -> tuple[Any, float]:
    """The result of `call` and its median time in milliseconds."""
    result, times = None, []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - t0) * 1000)
    return result, statistics.median(times)


def _summary(status: int, payload: Any) -> str:
    if status != 200:
        detail = payload.get("exception_detail") or payload.get("detail")
        if isinstance(detail, list):
            first = detail[0]
            return f"HTTP {status}: {'.'.join(map(str, first['loc']))}: {first['msg']}"
        return f"HTTP {status}: {detail}"
    if isinstance(payload, int):
        return f"{payload:,}"
    if isinstance(payload, dict) and "results" in payload:
        names = _names(payload["results"])
        return f"page {payload['page']}/{payload['pages']} of {payload['count']:,}: {names}"
    if payload and isinstance(payload[0], dict) and "interval_start" in payload[0]:
        busiest = max(payload, key=lambda h: sum(s["count_runs"] for s in h["states"]))
        total = sum(s["count_runs"] for s in busiest["states"])
        return f"{len(payload)} buckets; busiest {busiest['interval_start'][:10]} with {total} runs"
    return f"{len(payload)} rows: {_names(payload)}"


def _names(rows: list[dict[str, Any]], shown: int = 3) -> str:
    """The first few distinct names of `rows` in order; runs of one name (runs share names) as ``name ×k``."""
    groups: list[list[Any]] = []
    for row in rows:
        if groups and groups[-1][0] == row.get("name"):
            groups[-1][1] += 1
        else:
            groups.append([row.get("name"), 1])
    text = ", ".join(f"{name} ×{count}" if count > 1 else str(name) for name, count in groups[:shown])
    return text + (", ..." if len(groups) > shown else "")


def demo_queries(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(description, endpoint, body) of the demo's queries, parameterised from the data."""
    some_run = next(r for r in data["flow_runs"] if r["state_type"] == "COMPLETED")
    start = synthetic.WINDOW_START
    return [
        ("all flow runs", "flow_runs/count", {}),
        (
            "failed or crashed runs",
            "flow_runs/count",
            {"flow_runs": {"state": {"type": {"any_": ["FAILED", "CRASHED"]}}}},
        ),
        (
            "latest 5 late runs",
            "flow_runs/filter",
            {"flow_runs": {"state": {"name": {"any_": ["Late"]}}}, "sort": "EXPECTED_START_TIME_DESC", "limit": 5},
        ),
        (
            "runs tagged tag-00 and tag-01",
            "flow_runs/filter",
            {"flow_runs": {"tags": {"all_": ["tag-00", "tag-01"]}}, "sort": "EXPECTED_START_TIME_DESC", "limit": 200},
        ),
        (
            "etl flows in active deployments",
            "flow_runs/count",
            {"flows": {"name": {"like_": "etl"}}, "deployments": {"paused": {"eq_": False}}},
        ),
        ("page 3 by name", "flow_runs/paginate", {"page": 3, "limit": 50, "sort": "NAME_ASC"}),
        (
            "task runs of one flow run",
            "task_runs/filter",
            {"flow_runs": {"id": {"any_": [some_run["id"]]}}, "sort": "EXPECTED_START_TIME_ASC"},
        ),
        ("task runs of failed flow runs", "task_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}),
        ("deployments named like 'etl'", "deployments/filter", {"deployments": {"name": {"like_": "etl"}}}),
        (
            "run history, 30 days x 1 day",
            "flow_runs/history",
            {
                "history_start": synthetic.iso(start),
                "history_end": synthetic.iso(start.replace(day=31)),
                "history_interval_seconds": 86400,
            },
        ),
        ("work pools", "work_pools/filter", {}),
        ("a bad body (Prefect's 422)", "flow_runs/filter", {"flow_runs": {"state": {"type": {"any_": ["done"]}}}}),
    ]


def run_demo(n_flow_runs: int = 10_000, seed: int = 1) -> None:
    """Print the demo: store size and build time, then one line per query."""
    t0 = time.perf_counter()
    data = synthetic.generate(n_flow_runs, seed=seed)
    t1 = time.perf_counter()
    store = Store.from_dataset(data, now=synthetic.NOW, seed=seed)
    t2 = time.perf_counter()
    counts = store.counts()
    print(
        f"runfilter demo: {counts['flow_runs']:,} flow runs, {counts['task_runs']:,} task runs, "
        f"{counts['deployments']} deployments, {counts['flows']} flows "
        f"(generated in {t1 - t0:.2f} s, loaded in {t2 - t1:.2f} s; clock frozen at {synthetic.iso(synthetic.NOW)})"
    )
    print()
    print(f"{'query':<34} {'endpoint':<20} {'median ms':>10}  answer")
    print("-" * 110)
    for label, endpoint, body in demo_queries(data):
        (status, payload), ms = _timed(lambda e=endpoint, b=body: store.request(e, b))
        print(f"{label:<34} {endpoint:<20} {ms:>10.2f}  {_summary(status, payload)}")
