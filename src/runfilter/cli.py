"""The ``runfilter`` command line.

``runfilter query DATASET QUERIES [--now ISO] [-o FILE]`` reads and writes
exactly the oracle CLI's formats (``../shared/oracle/README.md``), so its
output can be diffed with ``prefect_oracle.py DATASET QUERIES --now ISO``.
``runfilter serve DATASET [--host H] [--port N] [--now ISO]`` serves the
dataset over HTTP (:mod:`runfilter.server`). ``runfilter demo`` builds a
realistic demo store and shows what a handful of typical queries return and
how long they take.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from .errors import DatasetError
from .store import Store


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise SystemExit(f"runfilter: cannot read {what} {path}: {exc}") from None


def run_queries(store: Store, queries: list[Any]) -> list[dict[str, Any]]:
    """Answer a query list in the oracle's format: ``[{"status", "response"}, ...]``."""
    out = []
    for i, q in enumerate(queries):
        if not isinstance(q, dict) or "endpoint" not in q:
            raise SystemExit(f"runfilter: queries[{i}]: expected an object with 'endpoint' and 'body'")
        status, payload = store.request(q["endpoint"], q.get("body", {}), q.get("method", "POST"))
        out.append({"status": status, "response": payload})
    return out


def _query(args: argparse.Namespace) -> int:
    dataset = _read_json(args.dataset, "dataset")
    queries = _read_json(args.queries, "queries")
    if not isinstance(queries, list):
        raise SystemExit("runfilter: QUERIES must be a JSON list")
    try:
        t0 = time.perf_counter()
        store = Store.from_dataset(dataset, now=args.now, strict=not args.lenient)
        t1 = time.perf_counter()
    except DatasetError as exc:
        print(f"runfilter: dataset error: {exc}", file=sys.stderr)
        return 2
    results = run_queries(store, queries)
    if args.stats:
        stats = {"load_s": t1 - t0, "queries_s": time.perf_counter() - t1, "records": store.counts()}
        print(json.dumps(stats), file=sys.stderr)
    text = json.dumps(results, indent=args.indent if args.indent >= 0 else None)
    if args.output:
        Path(args.output).write_text(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .server import serve_dataset

    return serve_dataset(args.dataset, args.host, args.port, args.now, not args.lenient, args.max_body_size)


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    run_demo(args.flow_runs, args.seed)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="runfilter", description="Prefect 3.9.1's query API on in-memory data.")
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("query", help="answer a query file against a dataset (the oracle's formats)")
    q.add_argument("dataset", help="dataset JSON file")
    q.add_argument("queries", help="queries JSON file: a list of {endpoint, body}")
    q.add_argument("--now", help="freeze the clock at this ISO timestamp (as the oracle's --now)")
    q.add_argument("-o", "--output", help="write the JSON here instead of stdout")
    q.add_argument("--indent", type=int, default=2, help="JSON indent; -1 for one line")
    q.add_argument("--lenient", action="store_true", help="ignore unknown dataset fields")
    q.add_argument("--stats", action="store_true", help="print load/query timings to stderr")
    q.set_defaults(run=_query)
    s = sub.add_parser("serve", help="serve a dataset over HTTP as Prefect's query API (for local development)")
    s.add_argument("dataset", help="dataset JSON file")
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=4200, help="port (default 4200, Prefect's; 0 picks a free one)")
    s.add_argument("--now", help="freeze the clock at this ISO timestamp")
    s.add_argument("--lenient", action="store_true", help="ignore unknown dataset fields")
    s.add_argument("--max-body-size", type=int, help="largest request body in bytes (default 10 MiB)")
    s.set_defaults(run=_serve)
    d = sub.add_parser("demo", help="build a demo store and run typical queries, with timings")
    d.add_argument("--flow-runs", type=int, default=10_000, help="demo size (default 10000)")
    d.add_argument("--seed", type=int, default=1)
    d.set_defaults(run=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``runfilter`` command."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
