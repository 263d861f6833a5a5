"""The oracle side of the live differential tests: real Prefect 3.9.1 behind a JSON-lines pipe.

Runs under the oracle venv's interpreter (never the project's), started by
``tests/oracle_support.py``::

    .oracle-venv/bin/python tests/oracle_worker.py --oracle-dir ../shared/oracle --now 2026-10-04T00:00:00Z

It creates one ``SyncPrefectOracle`` (in-memory SQLite, frozen clock) before
anything imports ``prefect``, prints one ``{"ready": ...}`` line, then answers
one JSON request per input line with one JSON line:

* ``{"op": "load", "dataset": {...}}`` → ``{"ok": true, "rows": {...}}`` or ``{"error": "..."}``
  (the data replace whatever was loaded before);
* ``{"op": "queries", "queries": [{"endpoint", "body", "method"?}, ...]}`` →
  ``{"ok": true, "results": [{"status", "response"}, ...]}``;
* ``{"op": "parse_datetimes", "values": [...]}`` → one result per value, validated
  by Prefect's own request ``DateTime`` type: ``{"us": <epoch µs>}`` or
  ``{"errors": [{"type", "msg", "ctx"?}, ...]}`` (exceptions in ``ctx`` become
  ``{}``, as FastAPI renders them);
* ``{"op": "quit"}`` ends the process (so does end of input).

The protocol goes to a private copy of the original stdout; ``sys.stdout``
is pointed at stderr so that nothing Prefect prints can corrupt it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from typing import Any


def _protocol_stream() -> Any:
    """A private text stream on the original stdout; sys.stdout is redirected to stderr."""
    fd = os.dup(sys.stdout.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return os.fdopen(fd, "w", encoding="utf-8", buffering=1)


def _jsonable_ctx(ctx: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in ctx.items():
        if isinstance(value, BaseException):
            out[key] = {}
        elif isinstance(value, (str, int, float, bool)) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _datetime_parser() -> Any:
    """A function value → result dict, using the DateTime type of Prefect's filter schemas."""
    from prefect.types._datetime import DateTime
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(DateTime)
    epoch_ordinal = dt.date(1970, 1, 1).toordinal()

    def parse(value: Any) -> dict[str, Any]:
        try:
            parsed = adapter.validate_python(value)
        except ValidationError as exc:
            errors = []
            for error in exc.errors(include_url=False):
                item = {"type": error["type"], "msg": error["msg"]}
                if "ctx" in error:
                    item["ctx"] = _jsonable_ctx(error["ctx"])
                errors.append(item)
            return {"errors": errors}
        try:
            offset = parsed.utcoffset() or dt.timedelta(0)  # naive = UTC, as Prefect takes it
        except ValueError as exc:  # pendulum accepts "+24:00"; its utcoffset() raises (the server answers 500)
            return {"crash": f"{type(exc).__name__}: {exc}"}
        # integer arithmetic on the wall-clock fields and the offset
        days = parsed.toordinal() - epoch_ordinal
        seconds = days * 86400 + parsed.hour * 3600 + parsed.minute * 60 + parsed.second
        return {"us": seconds * 1_000_000 + parsed.microsecond - offset // dt.timedelta(microseconds=1)}

    return parse


def serve(oracle: Any, stream_in: Any, stream_out: Any) -> None:
    """Answer requests from `stream_in` until ``quit`` or end of input."""
    parse_datetime = _datetime_parser()
    for line in stream_in:
        if not line.strip():
            continue
        request = json.loads(line)
        op = request.get("op")
        try:
            if op == "quit":
                reply: dict[str, Any] = {"ok": True}
            elif op == "load":
                stats = oracle.load(request["dataset"], replace=True)
                reply = {"ok": True, "rows": stats["rows"]}
            elif op == "queries":
                results = []
                for q in request["queries"]:
                    status, payload = oracle.query(q["endpoint"], q.get("body"), q.get("method", "POST"))
                    results.append({"status": status, "response": payload})
                reply = {"ok": True, "results": results}
            elif op == "parse_datetimes":
                reply = {"ok": True, "results": [parse_datetime(v) for v in request["values"]]}
            else:
                reply = {"error": f"unknown op {op!r}"}
        except Exception as exc:  # reported to the client, which raises it in the test
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        stream_out.write(json.dumps(reply) + "\n")
        if op == "quit":
            return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oracle-dir", required=True, help="directory holding prefect_oracle.py")
    parser.add_argument("--now", required=True, help="frozen clock (ISO 8601)")
    args = parser.parse_args()
    out = _protocol_stream()
    sys.path.insert(0, args.oracle_dir)
    from prefect_oracle import SyncPrefectOracle  # must come before anything imports prefect

    with SyncPrefectOracle(now=args.now, in_memory=True) as oracle:
        import prefect

        out.write(json.dumps({"ready": True, "prefect": prefect.__version__, "now": args.now}) + "\n")
        serve(oracle, sys.stdin, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
