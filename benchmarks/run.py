"""runfilter benchmark: the query mix (a)–(h) against the naive full scan and real Prefect.

    .venv/bin/python benchmarks/run.py --sizes 10000,100000 --prefect

For each size the dataset comes from ``runfilter.synthetic.generate(n,
task_runs_per_run=5, seed=1)``; the runner times ``Store.from_dataset`` (load
throughput), then every query of the mix through ``store.request`` (body
validation to JSON-ready payload) and through the naive engine on the same
store, and with ``--prefect`` through Prefect 3.9.1's in-process HTTP app
(oracle venv, one subprocess per size, never concurrent with other work).
Every runfilter answer is checked against the naive engine's (identical) and
Prefect's (the conformance comparator). Fresh subprocesses measure time to
first query and peak RSS. Prints a Markdown report and writes
``benchmarks/results/<label>.json`` (and ``.md``); ``--reference`` also
writes the pair to ``benchmarks/reference/``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import answers  # noqa: E402
import mix  # noqa: E402
import probes  # noqa: E402
import report  # noqa: E402
from history_baseline import history_rows_x_buckets  # noqa: E402
from timing import RepeatPolicy, time_calls  # noqa: E402

from runfilter import Store, __version__, synthetic  # noqa: E402
from runfilter.naive import naive_request  # noqa: E402


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Targets: " + "; ".join([
            f"every query ≥{mix.MIN_SPEEDUP_VS_PREFECT:g}x Prefect and ≥{mix.MIN_SPEEDUP_VS_NAIVE:g}x naive",
            "counts (a)(b)(h) ≤1 ms, (c)(d)(d2)(e)(f) ≤5 ms, (g) ≤30 ms",
            f"first query ≤{mix.MAX_TIME_TO_FIRST_QUERY_S:g} s, load ≥{mix.MIN_LOAD_RECORDS_PER_S:,} records/s",
            f"peak RSS at 100k runs ≤{mix.MAX_PEAK_RSS_MB:,.0f} MB"]),
    )
    parser.add_argument("--sizes", default="10000,100000", help="flow-run counts, comma-separated")
    parser.add_argument("--prefect", action="store_true", help="also time real Prefect (oracle venv; ~3 min per 100k)")
    parser.add_argument("--label", help="result name (default: from sizes and --prefect)")
    parser.add_argument("--out-dir", type=Path, default=BENCH_DIR / "results", help="default %(default)s")
    parser.add_argument("--reference", action="store_true", help="also write the report to benchmarks/reference/")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds of timed runfilter calls per query")
    parser.add_argument("--min-repeats", type=int, default=20, help="least timed runfilter calls per query")
    parser.add_argument("--max-repeats", type=int, default=300, help="most timed runfilter calls per query")
    parser.add_argument("--naive-budget", type=float, default=3.0, help="seconds of timed naive calls per query")
    parser.add_argument("--prefect-budget", type=float, default=5.0, help="seconds of timed Prefect calls per query")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline (and its answer check)")
    parser.add_argument("--no-probes", action="store_true", help="skip the first-query and peak-RSS subprocesses")
    parser.add_argument("--first-query-runs", type=int, default=10_000, help="store size of the first-query probe")
    parser.add_argument("--first-query-repeats", type=int, default=3, help="fresh processes for the first-query probe")
    parser.add_argument("--profile", default="", help="query keys to cProfile on the largest size (e.g. g,h)")
    args = parser.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if not args.label:
        names = "-".join(f"{n // 1000}k" if n % 1000 == 0 else str(n) for n in args.size_list)
        args.label = names + ("-prefect" if args.prefect else "")
    return args


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _digest(answer: dict[str, Any]) -> str:
    """A one-line description of an answer, for the report."""
    status, payload = answer["status"], answer["response"]
    if status != 200:
        return f"HTTP {status}"
    if isinstance(payload, int):
        return f"count {payload:,}"
    if isinstance(payload, dict) and "results" in payload:
        return f"page {payload['page']}/{payload['pages']}: {len(payload['results'])} rows of {payload['count']:,}"
    if payload and "interval_start" in payload[0]:
        return f"{len(payload)} buckets, {sum(s['count_runs'] for h in payload for s in h['states']):,} runs"
    return f"{len(payload)} rows"


def _oracle_paths() -> tuple[Path, Path]:
    oracle_dir = Path(os.environ.get("RUNFILTER_ORACLE_DIR") or REPO_ROOT.parent / "shared" / "oracle")
    python = Path(os.environ.get("RUNFILTER_ORACLE_PYTHON") or REPO_ROOT / ".oracle-venv" / "bin" / "python")
    return oracle_dir.resolve(), python if python.is_absolute() else REPO_ROOT / python


def _time_prefect(dataset: dict[str, Any], queries: list[mix.BenchQuery], args: argparse.Namespace,
                  workdir: Path, methods: dict[str, str] | None = None) -> dict[str, Any]:
    """Run prefect_timer.py under the oracle venv on `dataset`; returns its report.

    `methods` gives the HTTP method of queries that are not POSTs, by key.
    """
    oracle_dir, python = _oracle_paths()
    data_path, queries_path, out_path = workdir / "dataset.json", workdir / "queries.json", workdir / "prefect.json"
    data_path.write_text(json.dumps(dataset))
    queries_path.write_text(json.dumps([q.to_json() | {"method": (methods or {}).get(q.key, "POST")} for q in queries]))
    env = dict(os.environ)
    env.setdefault("PREFECT_ORACLE_CACHE", str(REPO_ROOT / ".oracle-cache"))
    command = [str(python), str(BENCH_DIR / "prefect_timer.py"), "--oracle-dir", str(oracle_dir),
               "--dataset", str(data_path), "--queries", str(queries_path), "--out", str(out_path),
               "--now", synthetic.iso(synthetic.NOW), "--budget", str(args.prefect_budget)]
    subprocess.run(command, env=env, check=True, timeout=3 * 3600)
    data_path.unlink()
    return json.loads(out_path.read_text())


def _fetch_by_id(store: Store) -> answers.Fetch:
    def fetch(entity: str, ids: list[str]) -> dict[str, Any]:
        status, rows = store.request(f"{entity}/filter", {entity: {"id": {"any_": ids}}})
        return {row["id"]: row for row in rows} if status == 200 else {}

    return fetch


def _profile(store: Store, query: mix.BenchQuery, calls: int = 20, top: int = 15) -> str:
    """cProfile of `calls` runfilter calls of `query`: the top functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        store.request(query.endpoint, query.body)
    profiler.disable()
    out = io.StringIO()
    for order in ("tottime", "cumulative"):
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
    return out.getvalue()


def _time_mix(store: Store, queries: list[mix.BenchQuery], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Time every query on runfilter and (unless --no-naive) the naive engine; check their answers agree."""
    policy = RepeatPolicy(3, args.min_repeats, args.max_repeats, args.budget)
    naive_policy = RepeatPolicy(1, 3, 20, args.naive_budget)
    entries = []
    for query in queries:
        (status, payload), timing = time_calls(lambda q=query: store.request(q.endpoint, q.body), policy)
        entry: dict[str, Any] = {**query.to_json(), "budget_ms": query.budget_ms, "runfilter": timing,
                                 "answer": {"status": status, "response": payload}}
        entry["result"] = _digest(entry["answer"])
        if status != 200:
            _say(f"!! ({query.key}) runfilter answered HTTP {status}: {json.dumps(payload)[:500]}")
        if not args.no_naive:
            (n_status, n_payload), entry["naive"] = time_calls(
                lambda q=query: naive_request(store, q.endpoint, q.body), naive_policy)
            entry["naive_diffs"] = answers.check_against_naive(
                entry["answer"], {"status": n_status, "response": n_payload}, query)
            if entry["naive_diffs"]:
                _say(f"!! MISMATCH ({query.key}) runfilter vs naive:\n   " + "\n   ".join(entry["naive_diffs"][:10]))
        if query.endpoint == "flow_runs/history" and not args.no_naive:
            _time_rows_x_buckets(store, query, entry)
        _say(f"   ({query.key}) runfilter {timing['median_ms']:.3f} ms"
             + (f", naive {entry['naive']['median_ms']:.1f} ms" if "naive" in entry else "") + f"  [{entry['result']}]")
        entries.append(entry)
    return entries


def _time_rows_x_buckets(store: Store, query: mix.BenchQuery, entry: dict[str, Any]) -> None:
    """Time the naive rows × buckets history on the same runs (issue 4's baseline) and compare answers."""
    body = query.body
    runs = list(store.tables["flow_runs"].values())
    start, end = (dt.datetime.fromisoformat(body[k].replace("Z", "+00:00")) for k in ("history_start", "history_end"))
    result, entry["rows_x_buckets"] = time_calls(
        lambda: history_rows_x_buckets(
            runs, start, end, body["history_interval_seconds"], store.now_us(), store.dialect),
        RepeatPolicy(1, 3, 7, 20.0))
    entry["rows_x_buckets"]["same_answer"] = result == entry["answer"]["response"]
    _say(f"   ({query.key}) rows × buckets baseline {entry['rows_x_buckets']['median_ms']:.1f} ms"
         f" (same answer: {entry['rows_x_buckets']['same_answer']})")


def _add_prefect(size: dict[str, Any], entries: list[dict[str, Any]], queries: list[mix.BenchQuery],
                 dataset: dict[str, Any], store: Store, args: argparse.Namespace) -> None:
    """Time the mix on Prefect and check each runfilter answer against Prefect's."""
    with tempfile.TemporaryDirectory(prefix="runfilter-bench-") as workdir:
        _say(f"   Prefect: loading {size['flow_runs']:,} runs (≈2 s per 1,000)")
        size["prefect"] = _time_prefect(dataset, queries, args, Path(workdir))
    for entry, query in zip(entries, queries, strict=True):
        timed = size["prefect"]["queries"][query.key]
        entry["prefect"] = {k: v for k, v in timed.items() if k != "answer"}
        verdict, diffs = answers.check_against_prefect(entry["answer"], timed["answer"], query, _fetch_by_id(store))
        entry["prefect_verdict"], entry["prefect_diffs"] = verdict, diffs
        if diffs:
            _say(f"!! MISMATCH ({query.key}) runfilter vs Prefect:\n   " + "\n   ".join(diffs[:10]))
    del size["prefect"]["queries"]  # timings and verdicts now live in the entries


def bench_size(n: int, args: argparse.Namespace, profile_keys: list[str]) -> dict[str, Any]:
    """Generate, load, time and check one dataset size; then the peak-RSS probe at that size."""
    _say(f"== {n:,} flow runs: generating")
    t0 = time.perf_counter()
    dataset = synthetic.generate(n, task_runs_per_run=5, seed=1)
    size: dict[str, Any] = {"flow_runs": n, "task_runs": len(dataset["task_runs"]),
                            "generate_s": time.perf_counter() - t0}
    queries = mix.query_mix(dataset)
    gc.collect()
    t0 = time.perf_counter()
    store = Store.from_dataset(dataset, now=synthetic.NOW)
    seconds = time.perf_counter() - t0
    size["load"] = {"seconds": seconds, "records": len(store), "records_per_s": len(store) / seconds,
                    "counts": store.counts()}
    _say(f"   loaded {len(store):,} records in {seconds:.2f} s")
    entries = size["queries"] = _time_mix(store, queries, args)
    size["profiles"] = {key: _profile(store, q) for q in queries for key in profile_keys if q.key == key}
    if args.prefect:
        _add_prefect(size, entries, queries, dataset, store, args)
    del dataset, store
    gc.collect()
    for entry in entries:
        entry["verdict"] = report.query_verdict(entry)
        del entry["answer"]  # large row lists; the digest and the checks stay
    if not args.no_probes:
        _say(f"   peak-RSS probe at {n:,} runs")
        size["memory"] = probes.peak_memory(n)
    return size


def _environment() -> dict[str, Any]:
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--", "src"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "runfilter": __version__,
            "commit": commit + ("+uncommitted src changes" if dirty else ""), "python": platform.python_version(),
            "machine": platform.machine(), "cpus": os.cpu_count(), "load_average": os.getloadavg()}


def render(result: dict[str, Any]) -> str:
    """The whole Markdown report of a run."""
    env = result["environment"]
    lines = [f"## runfilter benchmark `{result['label']}`", "",
             f"{env['when']}, runfilter {env['runfilter']} at {env['commit']}, Python {env['python']}, "
             f"{env['cpus']} CPUs (load average at start {', '.join(f'{x:.2f}' for x in env['load_average'])}).", ""]
    for size in result["sizes"]:
        lines += [*report.render_size(size), ""]
        for key, text in size.get("profiles", {}).items():
            lines += [f"cProfile of ({key}) at {size['flow_runs']:,} runs:", "", "```", text.strip(), "```", ""]
    first = result.get("first_query")
    if first:
        t = first["typical"]
        lines += ["### Time to first query", "",
                  f"Fresh `python -c` process, {first['flow_runs']:,} runs, query {first['endpoint']} (median of "
                  f"{len(first['samples'])}): start-up {t['startup_s'] * 1000:.0f} ms + import runfilter "
                  f"{t['import_s'] * 1000:.0f} ms + build store {t['build_s'] * 1000:.0f} ms + first query "
                  f"{t['query_s'] * 1000:.1f} ms (data generation, {t['generate_s']:.1f} s, excluded).",
                  *report.target_lines([report.first_query_target(first)]), ""]
    for size in result["sizes"]:
        if "memory" in size:
            stages = ", ".join(f"{k} {v:,.0f}" for k, v in size["memory"]["rss_mb_by_stage"].items())
            lines.append(f"- memory at {size['flow_runs']:,} runs: peak RSS {size['memory']['peak_rss_mb']:,.0f} MB "
                         f"(store's own growth {size['memory']['store_increment_mb']:,.0f} MB); "
                         f"RSS by stage (MB): {stages}")
    lines += ["", f"**All targets met: {'yes' if result['all_met'] else 'NO'}**; "
              f"answer mismatches: {result['mismatches'] or 'none'}"]
    return "\n".join(lines) + "\n"


def _summarise(result: dict[str, Any]) -> None:
    met, mismatches = [], []
    for size in result["sizes"]:
        met += [e["verdict"]["met"] for e in size["queries"]] + [t["met"] for t in report.size_targets(size)]
        mismatches += [f"({e['key']})@{size['flow_runs']} vs naive" for e in size["queries"] if e.get("naive_diffs")]
        mismatches += [f"({e['key']})@{size['flow_runs']} vs Prefect" for e in size["queries"]
                       if e.get("prefect_diffs")]
    if result.get("first_query"):
        met.append(report.first_query_target(result["first_query"])["met"])
    result["all_met"], result["mismatches"] = all(met), mismatches


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when an answer mismatches, else 0."""
    args = _parse_args(argv)
    if args.prefect:
        oracle_dir, python = _oracle_paths()
        if not (oracle_dir / "prefect_oracle.py").is_file() or not python.is_file():
            _say(f"--prefect needs the oracle: {oracle_dir}/prefect_oracle.py and {python} "
                 "(set RUNFILTER_ORACLE_DIR / RUNFILTER_ORACLE_PYTHON)")
            return 2
    profile_keys = [k.strip() for k in args.profile.split(",") if k.strip()]
    result: dict[str, Any] = {"label": args.label, "environment": _environment(), "sizes": []}
    for n in args.size_list:
        keys = profile_keys if n == max(args.size_list) else []
        result["sizes"].append(bench_size(n, args, keys))
    if not args.no_probes:
        _say(f"== time to first query ({args.first_query_repeats} fresh processes, {args.first_query_runs:,} runs)")
        first_query = mix.first_query()
        result["first_query"] = probes.time_to_first_query(
            args.first_query_runs, first_query.endpoint, first_query.body, args.first_query_repeats)
    _summarise(result)
    text = render(result)
    print(text, end="")
    targets = [args.out_dir] + ([BENCH_DIR / "reference"] if args.reference else [])
    for directory in targets:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{args.label}.json").write_text(json.dumps(result, indent=1) + "\n")
        (directory / f"{args.label}.md").write_text(text)
        _say(f"wrote {directory / args.label}.json and .md")
    if result["mismatches"]:
        _say("!! ANSWER MISMATCHES: " + ", ".join(result["mismatches"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
