"""runfilter benchmark: the reads ops code, the CLI and the UI make (pools, queues, polls, UI routes, graph).

    .venv/bin/python benchmarks/reads.py --size 100000 [--prefect]

Builds ``runfilter.synthetic.generate(size, task_runs_per_run=5, seed=1)``,
times each read through ``store.request`` and through the naive engine on
the same store (answers must be identical), and with ``--prefect`` through
Prefect 3.9.1's in-process HTTP app on the same dataset (oracle venv;
``prefect_timer.py``). Polls change queues and deployments; every engine
runs them the same number of times, so they compare like for like. Prints a
Markdown table of medians and writes ``benchmarks/results/reads-<size>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run  # noqa: E402  (the Prefect timing plumbing)
from timing import RepeatPolicy, time_calls  # noqa: E402

from runfilter import Store, synthetic  # noqa: E402
from runfilter.naive import naive_request  # noqa: E402


def reads(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    """The timed requests, parameterised from the dataset."""
    pool = dataset["work_pools"][0]["name"]
    queue = next(q for q in dataset["work_queues"] if q["work_pool_id"] == dataset["work_pools"][0]["id"])
    runs = dataset["flow_runs"]
    with_tasks = next(r for r in runs if r.get("state_type") == "COMPLETED" and r.get("start_time"))
    day_before = (synthetic.NOW - dt.timedelta(days=1)).isoformat()
    return [
        {"key": "pool", "label": "GET work_pools/{name}", "method": "GET", "endpoint": f"work_pools/{pool}"},
        {
            "key": "status",
            "label": "GET work_queues/{id}/status",
            "method": "GET",
            "endpoint": f"work_queues/{queue['id']}/status",
        },
        {
            "key": "pool-status",
            "label": "pool concurrency_status",
            "endpoint": f"work_pools/{pool}/concurrency_status",
            "body": {},
        },
        {
            "key": "get-runs",
            "label": "work_queues/{id}/get_runs (poll)",
            "endpoint": f"work_queues/{queue['id']}/get_runs",
            "body": {},
        },
        {
            "key": "pool-poll",
            "label": "work_pools/{name}/get_scheduled_flow_runs (poll)",
            "endpoint": f"work_pools/{pool}/get_scheduled_flow_runs",
            "body": {},
        },
        {
            "key": "dep-poll",
            "label": "deployments/get_scheduled_flow_runs, 20 deployments (poll)",
            "endpoint": "deployments/get_scheduled_flow_runs",
            "body": {"deployment_ids": [d["id"] for d in dataset["deployments"]]},
        },
        {"key": "lateness", "label": "flow_runs/lateness, all runs", "endpoint": "flow_runs/lateness", "body": {}},
        {
            "key": "ui-history",
            "label": "ui/flow_runs/history, 1000 rows",
            "endpoint": "ui/flow_runs/history",
            "body": {},
        },
        {
            "key": "count-tasks",
            "label": "ui/flow_runs/count-task-runs, 200 ids",
            "endpoint": "ui/flow_runs/count-task-runs",
            "body": {"flow_run_ids": [r["id"] for r in runs[:200]]},
        },
        {
            "key": "next-runs",
            "label": "ui/flows/next-runs, 50 flows",
            "endpoint": "ui/flows/next-runs",
            "body": {"flow_ids": [f["id"] for f in dataset["flows"]]},
        },
        {
            "key": "dashboard",
            "label": "ui/task_runs/dashboard/counts, last day",
            "endpoint": "ui/task_runs/dashboard/counts",
            "body": {"task_runs": {"start_time": {"after_": day_before, "before_": synthetic.iso(synthetic.NOW)}}},
        },
        {"key": "task-count", "label": "ui/task_runs/count", "endpoint": "ui/task_runs/count", "body": {}},
        {
            "key": "graph",
            "label": "GET flow_runs/{id}/graph-v2",
            "method": "GET",
            "endpoint": f"flow_runs/{with_tasks['id']}/graph-v2",
        },
    ]


def _call(engine: str, store: Store, read: dict[str, Any]) -> Any:
    args = (read["endpoint"], read.get("body"), read.get("method", "POST"))
    return store.request(*args) if engine == "runfilter" else naive_request(store, *args)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--prefect", action="store_true", help="also time Prefect 3.9.1 (oracle venv)")
    parser.add_argument("--budget", type=float, default=3.0, help="seconds of timed calls per read and engine")
    parser.add_argument("--prefect-budget", type=float, default=5.0)
    args = parser.parse_args(argv)
    dataset = synthetic.generate(args.size, task_runs_per_run=5, seed=1)
    todo = reads(dataset)
    results: dict[str, Any] = {"size": args.size, "reads": {}}
    if args.prefect:
        with tempfile.TemporaryDirectory() as work:
            queries = [run.mix.BenchQuery(r["key"], r["label"], r["endpoint"], r.get("body"), None) for r in todo]
            prefect = run._time_prefect(
                dataset,
                queries,
                argparse.Namespace(prefect_budget=args.prefect_budget),
                Path(work),
                methods={r["key"]: r.get("method", "POST") for r in todo},
            )
    policy = RepeatPolicy(1, 3, 200, args.budget)
    stores = {name: Store.from_dataset(dataset, now=synthetic.iso(synthetic.NOW)) for name in ("runfilter", "naive")}
    print(f"| read ({args.size:,} flow runs) | runfilter ms | naive ms | ratio | Prefect ms | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for read in todo:
        row: dict[str, Any] = {"label": read["label"]}
        answers = {}
        for engine, store in stores.items():
            answers[engine], summary = time_calls(lambda e=engine, s=store, r=read: _call(e, s, r), policy)
            row[engine] = summary["median_ms"]
        assert answers["runfilter"] == answers["naive"], f"{read['key']}: engines disagree"
        assert answers["runfilter"][0] == 200, f"{read['key']}: {answers['runfilter']}"
        if args.prefect:
            row["prefect"] = prefect["queries"][read["key"]]["median_ms"]
        results["reads"][read["key"]] = row
        ratio = row["naive"] / row["runfilter"]
        vs_prefect = f"{row['prefect']:.2f} | {row['prefect'] / row['runfilter']:.0f}x" if args.prefect else "– | –"
        print(f"| {read['label']} | {row['runfilter']:.3f} | {row['naive']:.2f} | {ratio:.0f}x | {vs_prefect} |")
    out = BENCH_DIR / "results" / f"reads-{args.size}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nwritten: {out.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
