"""Time the query mix on real Prefect 3.9.1 (run by ``run.py --prefect`` under the oracle's venv).

    ORACLE_PYTHON prefect_timer.py --oracle-dir DIR --dataset data.json --queries mix.json --out result.json

Loads the dataset into a fresh file-backed SQLite Prefect database through the
oracle (Prefect's default back end), then times each query through Prefect's
in-process HTTP app (``oracle.query``: request validation, SQL, response
serialisation, JSON decode) with the same warm-up / repeat policy as runfilter.
Writes JSON: start-up and load timings, peak RSS, and per query the timing
summary and the answer (``{"status", "response"}``) for the answer check.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import RepeatPolicy, time_calls_async


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oracle-dir", required=True, help="directory holding prefect_oracle.py")
    parser.add_argument("--dataset", required=True, help="dataset JSON (the oracle's format)")
    parser.add_argument("--queries", required=True, help='JSON list of {"key", "endpoint", "body", "method"?}')
    parser.add_argument("--out", required=True, help="where to write the result JSON")
    parser.add_argument("--now", required=True, help="frozen clock, ISO 8601")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--min-repeats", type=int, default=3)
    parser.add_argument("--max-repeats", type=int, default=15)
    parser.add_argument("--budget", type=float, default=5.0, help="seconds of timed calls per query")
    return parser.parse_args(argv)


async def _run(args: argparse.Namespace) -> dict:
    sys.path.insert(0, args.oracle_dir)
    from prefect_oracle import PrefectOracle  # must come before anything imports prefect

    policy = RepeatPolicy(args.warmup, args.min_repeats, args.max_repeats, args.budget)
    t0 = time.perf_counter()
    dataset = json.loads(Path(args.dataset).read_text())
    queries = json.loads(Path(args.queries).read_text())
    report: dict = {"read_dataset_s": time.perf_counter() - t0, "queries": {}}
    async with PrefectOracle(now=args.now) as oracle:
        import prefect

        report["prefect"] = prefect.__version__
        report["startup"] = dict(oracle.timings)
        load = await oracle.load(dataset)
        report["load"] = load
        report["records"] = sum(load["rows"].values())
        del dataset
        print(f"prefect: loaded in {load['total_s']:.1f} s", file=sys.stderr, flush=True)
        for query in queries:

            async def call(query: dict = query) -> tuple[int, object]:
                return await oracle.query(query["endpoint"], query["body"], query.get("method", "POST"))

            (status, response), summary = await time_calls_async(call, policy)
            report["queries"][query["key"]] = {"answer": {"status": status, "response": response}, **summary}
            print(f"prefect: ({query['key']}) median {summary['median_ms']:.1f} ms", file=sys.stderr, flush=True)
    report["peak_rss_mb"] = _peak_rss_mb()
    return report


def _peak_rss_mb() -> float:
    """This process image's peak RSS (VmHWM; ru_maxrss would include the runner's RSS, carried over exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the timing and write its JSON report."""
    args = _args(argv)
    report = asyncio.run(_run(args))
    Path(args.out).write_text(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
