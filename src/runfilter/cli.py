"""The ``runfilter`` command line.

``runfilter query DATASET QUERIES [--now ISO] [--clock-step S] [-o FILE]`` reads and writes
exactly the oracle CLI's formats (``../shared/oracle/README.md``), so its
output can be diffed with ``prefect_oracle.py DATASET QUERIES --now ISO``.
``runfilter serve DATASET [--host H] [--port N] [--now ISO]`` serves the
dataset over HTTP (:mod:`runfilter.server`). ``runfilter demo`` builds a
realistic demo store and shows what a handful of typical queries return and
how long they take.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from .errors import DatasetError
from .store import Store


class CommandError(Exception):
    """A failure the command reports as one line (``runfilter: ...``) and exit status 2, without a traceback."""


def _read_json(path: str, what: str) -> Any:
    """The JSON in file `path` (``-``: standard input); a :class:`CommandError` says what is wrong with it."""
    where = "standard input" if path == "-" else path
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CommandError(f"cannot read {what} {where}: {reason}") from None
    if not text.strip():
        raise CommandError(f"{what} {where} is empty (expected JSON)")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CommandError(f"{what} {where} is not JSON: {exc}") from None


def _write_text(path: str | None, text: str) -> None:
    """Write `text` to file `path`, or to standard output for None or ``-``."""
    if path is None or path == "-":
        sys.stdout.write(text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def _check_now(now: str | None) -> None:
    """Refuse a bad ``--now`` as an option error, before any dataset is read."""
    if now is None:
        return
    try:
        Store(now=now)
    except DatasetError as exc:
        raise CommandError(f"--now {now!r}: {exc.reason}") from None


_REFERENCE = re.compile(r"\{\{(\d+)\.([^{}]*)\}\}")


class QueryFileError(ValueError):
    """A request of a query file cannot be built (a ``{{N.path}}`` reference that does not resolve)."""


def _lookup(answers: list[dict[str, Any]], index: int, path: str, where: str) -> Any:
    if index >= len(answers):
        raise QueryFileError(f"{where}: {{{{{index}.{path}}}}} refers to a later request")
    value: Any = answers[index]["response"]
    for part in path.split(".") if path else ():
        if isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise QueryFileError(f"{where}: {{{{{index}.{path}}}}} does not resolve ({part!r})")
    return value


def resolve_references(value: Any, answers: list[dict[str, Any]], where: str) -> Any:
    """`value` with every ``{{N.path}}`` replaced by that part of answer N, as the oracle's CLI does.

    A string that is exactly one reference becomes the referenced value (any
    JSON type); in a longer string the value is written in (non-strings as JSON).
    """
    if isinstance(value, str):
        whole = _REFERENCE.fullmatch(value)
        if whole:
            return _lookup(answers, int(whole.group(1)), whole.group(2), where)

        def text(match: re.Match[str]) -> str:
            found = _lookup(answers, int(match.group(1)), match.group(2), where)
            return found if isinstance(found, str) else json.dumps(found)

        return _REFERENCE.sub(text, value)
    if isinstance(value, list):
        return [resolve_references(item, answers, where) for item in value]
    if isinstance(value, dict):
        return {key: resolve_references(item, answers, where) for key, item in value.items()}
    return value


def run_queries(store: Store, queries: list[Any], clock_step: float = 0.0) -> list[dict[str, Any]]:
    """Answer a query list in the oracle's format: ``[{"status", "response"}, ...]``.

    Requests carry ``endpoint``, optional ``body`` (default ``{}``; ``null``
    sends none), ``method`` (default POST), ``params`` and ``headers``; strings
    may refer to earlier answers (``{{N.path}}``). With `clock_step`, request
    i runs at the store's ``now`` plus ``i * clock_step`` seconds, as the
    oracle's ``--clock-step`` does. Raises :class:`QueryFileError`.
    """
    start = store.now_us()
    out: list[dict[str, Any]] = []
    for i, q in enumerate(queries):
        where = f"queries[{i}]"
        if not isinstance(q, dict) or "endpoint" not in q:
            raise QueryFileError(f"{where}: expected an object with 'endpoint' (and optionally 'body')")
        endpoint = resolve_references(q["endpoint"], out, where)
        if not isinstance(endpoint, str):
            raise QueryFileError(f"{where}.endpoint: expected a string")
        body = resolve_references(q.get("body", {}), out, where)
        params = resolve_references(q.get("params"), out, where)
        headers = resolve_references(q.get("headers"), out, where)
        if clock_step:
            store.set_now(_EPOCH + dt.timedelta(microseconds=start + round(i * clock_step * 1_000_000)))
        status, payload = store.request(endpoint, body, q.get("method", "POST"), params, headers)
        out.append({"status": status, "response": payload})
    return out


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _query(args: argparse.Namespace) -> int:
    _check_now(args.now)
    if args.clock_step and (args.now is None or args.clock_step < 0):
        raise CommandError("--clock-step needs --now and must be >= 0")
    if args.dataset == "-" and args.queries == "-":
        raise CommandError("only one of DATASET and QUERIES can be read from standard input")
    dataset = _read_json(args.dataset, "dataset")
    queries = _read_json(args.queries, "queries")
    if not isinstance(queries, list):
        raise CommandError("QUERIES must be a JSON list of requests")
    try:
        t0 = time.perf_counter()
        store = Store.from_dataset(dataset, now=args.now, strict=not args.lenient)
        t1 = time.perf_counter()
    except DatasetError as exc:
        raise CommandError(f"dataset error: {exc}") from None
    try:
        results = run_queries(store, queries, args.clock_step)
    except QueryFileError as exc:
        raise CommandError(f"query error: {exc}") from None
    if args.stats:
        stats = {"load_s": t1 - t0, "queries_s": time.perf_counter() - t1, "records": store.counts()}
        print(json.dumps(stats), file=sys.stderr)
    _write_text(args.output, json.dumps(results, indent=args.indent if args.indent >= 0 else None) + "\n")
    return 0


def _print_access(entry: Any) -> None:
    """The access-log line of one request (:class:`runfilter.server.AccessEntry`), like uvicorn's."""
    print(entry.line(), flush=True)


def serve_dataset_file(
    dataset_path: str,
    host: str = "127.0.0.1",
    port: int = 4200,
    now: str | None = None,
    strict: bool = True,
    max_body_size: int | None = None,
    ui: bool = False,
    access_log: bool = True,
) -> int:
    """``runfilter serve``: load a dataset file and serve it until SIGINT/SIGTERM; returns the exit status.

    Raises :class:`CommandError` for an unreadable or invalid dataset, a missing UI, a port it cannot bind.

    `ui`: also serve Prefect's web UI from the installed ``prefect`` package (:mod:`runfilter.ui_app`).
    `access_log`: print one line per request (client, method, target, status, milliseconds).
    """
    import asyncio

    from .asgi import RunfilterApp
    from .server import serve

    dataset = _read_json(dataset_path, "dataset")
    try:
        store = Store.from_dataset(dataset, now=now, strict=strict)
    except DatasetError as exc:
        raise CommandError(f"dataset error: {exc}") from None
    limits = {} if max_body_size is None else {"max_body_size": max_body_size}
    if ui:
        from .ui_app import PrefectUIApp, UINotFound

        try:
            app: RunfilterApp = PrefectUIApp(store, **limits)
        except UINotFound as exc:
            raise CommandError(str(exc)) from None
    else:
        app = RunfilterApp(store, **limits)
    records = sum(store.counts().values())

    def announce(url: str) -> None:
        if not _is_loopback(host):
            print(
                f"runfilter: warning: listening on {host}, reachable from other machines; runfilter serve has no "
                "authentication (use --host 127.0.0.1 to keep it local)",
                file=sys.stderr,
                flush=True,
            )
        print(f"runfilter: serving {records} records from {dataset_path} at {url}", flush=True)
        if ui:
            print(f"runfilter: Prefect's UI at {url.removesuffix('/api')}/", flush=True)
        print(f"runfilter: export PREFECT_API_URL={url}   (Ctrl+C stops)", flush=True)

    try:
        asyncio.run(serve(app, host, port, announce, access_log=_print_access if access_log else None))
    except OSError as exc:
        hint = " (try --port 0 for a free port)" if exc.errno == errno.EADDRINUSE else ""
        raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None
    print("runfilter: stopped", flush=True)
    return 0


def _is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address or ``localhost`` (anything else may be reached from outside)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def _serve(args: argparse.Namespace) -> int:
    _check_now(args.now)
    return serve_dataset_file(
        args.dataset, args.host, args.port, args.now, not args.lenient, args.max_body_size, args.ui, not args.quiet
    )


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    run_demo(args.flow_runs, args.seed)
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    from .read_server import ServerReadError, http_fetch, read_server

    if args.since is not None:
        _check_now(args.since)
    fetch, client = http_fetch(args.api_url)
    counts: dict[str, int] = {}

    def progress(kind: str, rows: int) -> None:
        counts[kind] = rows
        if not args.quiet:
            print(f"\rrunfilter: reading {kind}: {rows:,}".ljust(60), end="", file=sys.stderr, flush=True)

    try:
        dataset = read_server(fetch, args.since, progress)
    except ServerReadError as exc:
        raise CommandError(str(exc)) from None
    finally:
        client.close()
    if not args.quiet:
        summary = ", ".join(f"{len(rows):,} {kind}" for kind, rows in dataset.items())
        print(f"\rrunfilter: read {summary}".ljust(60), file=sys.stderr)
    _write_text(args.output, json.dumps(dataset, indent=args.indent if args.indent >= 0 else None) + "\n")
    return 0


def _synth(args: argparse.Namespace) -> int:
    from . import synthetic

    dataset = synthetic.generate(args.flow_runs, task_runs_per_run=args.task_runs_per_run, seed=args.seed)
    _write_text(args.output, json.dumps(dataset, indent=args.indent if args.indent >= 0 else None) + "\n")
    return 0


def _bounded_int(low: int, high: int | None, what: str) -> Any:
    """An argparse type: an integer in ``[low, high]`` (``high`` None: unbounded)."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be an integer, not {text!r}") from None
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{what} must be {bounds}, not {value}")
        return value

    return convert


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("runfilter")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="runfilter", description="Prefect 3.9.1's query API on in-memory data.")
    parser.add_argument(
        "--version", action="version", version=f"runfilter {_version()} (answers as Prefect 3.9.1)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("query", help="answer a query file against a dataset (the oracle's formats)")
    q.add_argument("dataset", help="dataset JSON file (- reads standard input)")
    q.add_argument(
        "queries",
        help="queries JSON file (- reads standard input): a list of {endpoint, body?, method?, params?, headers?}",
    )
    q.add_argument("--now", help="freeze the clock at this ISO timestamp (as the oracle's --now)")
    q.add_argument(
        "--clock-step",
        type=float,
        default=0.0,
        metavar="S",
        help="request i runs at NOW + i*S seconds (as the oracle's --clock-step; needs --now)",
    )
    q.add_argument("-o", "--output", help="write the JSON answers to this file (default and -: standard output)")
    q.add_argument("--indent", type=int, default=2, help="JSON indent; -1 for one line")
    q.add_argument("--lenient", action="store_true", help="ignore unknown dataset fields")
    q.add_argument("--stats", action="store_true", help="print load/query timings to stderr")
    q.set_defaults(run=_query)
    s = sub.add_parser("serve", help="serve a dataset over HTTP as Prefect's query API (for local development)")
    s.add_argument("dataset", help="dataset JSON file (- reads standard input)")
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    s.add_argument(
        "--port",
        type=_bounded_int(0, 65535, "--port"),
        default=4200,
        help="port (default 4200, Prefect's; 0 picks a free one)",
    )
    s.add_argument("--now", help="freeze the clock at this ISO timestamp")
    s.add_argument("--lenient", action="store_true", help="ignore unknown dataset fields")
    s.add_argument(
        "--max-body-size",
        type=_bounded_int(0, None, "--max-body-size"),
        help="largest request body in bytes (default 10 MiB)",
    )
    s.add_argument("--quiet", action="store_true", help="do not log each request (method, path, status, ms)")
    s.add_argument(
        "--ui", action="store_true", help="also serve Prefect's web UI (needs the prefect package installed)"
    )
    s.set_defaults(run=_serve)
    snap = sub.add_parser(
        "snapshot", help="copy every record a Prefect server holds into a dataset file (through its API)"
    )
    snap.add_argument("--api-url", required=True, help="the server's API URL, e.g. http://127.0.0.1:4200/api")
    snap.add_argument("-o", "--output", help="dataset file to write (default and -: standard output)")
    snap.add_argument("--since", metavar="ISO", help="only flow runs expected from this instant on (and their tasks)")
    snap.add_argument("--indent", type=int, default=1, help="JSON indent; -1 for one line")
    snap.add_argument("--quiet", action="store_true", help="no progress on standard error")
    snap.set_defaults(run=_snapshot)
    syn = sub.add_parser("synth", help="write the synthetic dataset the demo and the benchmarks use")
    syn.add_argument(
        "--flow-runs", type=_bounded_int(1, None, "--flow-runs"), default=10_000, help="flow runs (default 10000)"
    )
    syn.add_argument(
        "--task-runs-per-run",
        type=_bounded_int(0, None, "--task-runs-per-run"),
        default=5,
        help="task runs per flow run, on average (default 5)",
    )
    syn.add_argument("--seed", type=int, default=1, help="seed (default 1; same seed, same data)")
    syn.add_argument("-o", "--output", help="dataset file to write (default and -: standard output)")
    syn.add_argument("--indent", type=int, default=-1, help="JSON indent (default: one line)")
    syn.set_defaults(run=_synth)
    d = sub.add_parser("demo", help="build a demo store and run typical queries, with timings")
    d.add_argument(
        "--flow-runs", type=_bounded_int(1, None, "--flow-runs"), default=10_000, help="demo size (default 10000)"
    )
    d.add_argument("--seed", type=int, default=1, help="seed of the generated data (default 1; same seed, same data)")
    d.set_defaults(run=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``runfilter`` command."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CommandError as exc:
        print(f"runfilter: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("runfilter: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
