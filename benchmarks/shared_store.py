"""What a test pays for its data: a fresh store per test vs one shared store rolled back after each test.

    .venv/bin/python benchmarks/shared_store.py [--size 10000]

A test that reads a large dataset either loads it (``Store.from_dataset``,
what a function-scoped fixture does) or takes the plugin's shared store
(``@pytest.mark.runfilter(..., shared=True)``): a snapshot before the test
and a restore after it, O(changes the test made). Times, for a synthetic
dataset of ``--size`` flow runs (5 task runs each): the load; a snapshot and
restore around a test that only reads; and around one that writes (upserts
10 runs, inserts a flow, deletes a flow with its deployments and runs, polls
a pool). Prints a Markdown table of medians; writes
``benchmarks/results/shared-store-<size>.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from timing import RepeatPolicy, time_calls  # noqa: E402

from runfilter import Store, synthetic  # noqa: E402


def _writes(store: Store, dataset: dict[str, Any]) -> None:
    """What a test that changes data might do."""
    runs = [{**run, "state_type": "CANCELLED"} for run in dataset["flow_runs"][:10]]
    store.upsert({"flow_runs": runs})
    store.insert({"flows": [{"name": "a-test-flow"}]})
    store.delete({"flows": [dataset["flows"][-1]["id"]]})
    store.request(f"work_pools/{dataset['work_pools'][0]['name']}/get_scheduled_flow_runs", {})


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args(argv)
    dataset = synthetic.generate(args.size, task_runs_per_run=5, seed=1)
    now = synthetic.iso(synthetic.NOW)
    shared = Store.from_dataset(dataset, now=now)

    def around(test: Any) -> None:
        snapshot = shared.snapshot()
        test()
        shared.restore(snapshot)

    def writing_test() -> None:
        around(lambda: _writes(shared, dataset))

    timings = {
        "load": time_calls(lambda: Store.from_dataset(dataset, now=now), RepeatPolicy(1, 3, 10, 10.0))[1],
        "read-only test": time_calls(lambda: around(lambda: None), RepeatPolicy(3, 20, 2000, 2.0))[1],
        "writing test": time_calls(writing_test, RepeatPolicy(1, 5, 200, 5.0))[1],
    }
    load_ms = timings["load"]["median_ms"]
    print(f"| per test ({args.size:,} flow runs, {5 * args.size:,} task runs) | median ms | vs a fresh load |")
    print("|---|---:|---:|")
    print(f"| fresh store (`Store.from_dataset`) | {load_ms:.1f} | 1x |")
    for label in ("read-only test", "writing test"):
        ms = timings[label]["median_ms"]
        print(f"| shared store, snapshot + restore around a {label} | {ms:.3f} | {load_ms / ms:,.0f}x less |")
    print("\n(the writing test's row includes its writes; a restore is the inverse of those writes)")
    out = BENCH_DIR / "results" / f"shared-store-{args.size}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"size": args.size, "timings": timings}, indent=1) + "\n")
    print(f"written: {out.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
