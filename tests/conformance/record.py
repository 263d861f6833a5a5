"""Record the oracle's answers for the conformance corpus (maintainers' tooling).

Run with the oracle's interpreter (see README "Conformance corpus")::

    .oracle-venv/bin/python tests/conformance/record.py            # every case file
    .oracle-venv/bin/python tests/conformance/record.py flow_runs_name   # some files

For each ``cases/NAME.json`` it loads the file's dataset into a real Prefect
3.9.1 server (``../shared/oracle``), sends every case's body and writes the
status and JSON to ``expected/NAME.json``. Prefect keeps one database per
process, and the oracle's clock is fixed when it starts, so case files are
grouped by their ``now`` and each group is recorded in a worker process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import CASES_DIR, EXPECTED_DIR, load_case_file  # noqa: E402

DEFAULT_ORACLE_DIR = HERE.parents[1].parent / "shared" / "oracle"


def _oracle_dir() -> Path:
    return Path(os.environ.get("RUNFILTER_ORACLE_DIR", DEFAULT_ORACLE_DIR)).resolve()


def _send(oracle: Any, index: int, case: dict[str, Any]) -> tuple[int, Any]:
    """Send one case at its instant, with its headers.

    The oracle's query API takes neither a clock tick nor headers, so this
    reaches into its client and clock the way its own ``run_queries`` does
    (maintainers' tooling; re-check after an oracle upgrade).
    """
    inner = oracle._oracle
    inner._tick(index)  # a no-op unless the oracle ticks (clock_step)
    headers = case.get("headers") or {}
    saved = {name: inner._client.headers.get(name) for name in headers}
    inner._client.headers.update(headers)
    try:
        return oracle.query(case["endpoint"], case.get("body", {}), case.get("method", "POST"), case.get("params"))
    finally:
        for name, value in saved.items():
            if value is None:
                del inner._client.headers[name]
            else:
                inner._client.headers[name] = value


def _worker(now: str, clock_step: float, names: list[str]) -> None:
    """Record every named case file with one oracle frozen at `now` (ticking `clock_step` per case)."""
    sys.path.insert(0, str(_oracle_dir()))
    from prefect_oracle import SyncPrefectOracle  # type: ignore[import-not-found]

    with SyncPrefectOracle(now=now, in_memory=True, clock_step=clock_step) as oracle:
        import prefect  # only after the oracle has configured Prefect's environment

        for name in names:
            suite = load_case_file(name)
            oracle.load(suite.dataset)
            results = []
            for index, case in enumerate(suite.cases):
                status, response = _send(oracle, index, case)
                results.append({"id": case["id"], "status": status, "response": response})
            out = {"prefect": prefect.__version__, "now": now, "results": results}
            (EXPECTED_DIR / f"{name}.json").write_text(json.dumps(out, indent=1) + "\n")
            print(f"recorded {name}: {len(results)} cases", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="case file names (default: all)")
    parser.add_argument("--worker-now", help=argparse.SUPPRESS)
    parser.add_argument("--worker-clock-step", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = args.names or sorted(p.stem for p in CASES_DIR.glob("*.json"))
    if args.worker_now:
        _worker(args.worker_now, args.worker_clock_step, names)
        return 0
    EXPECTED_DIR.mkdir(exist_ok=True)
    os.environ.setdefault("PREFECT_ORACLE_CACHE", str(HERE.parents[1] / ".oracle-cache"))
    # one oracle per clock: Prefect's is frozen (and its tick set) when the oracle starts
    groups: dict[tuple[str, float], list[str]] = defaultdict(list)
    for name in names:
        suite = load_case_file(name)
        groups[(suite.now, suite.clock_step)].append(name)
    # Prefect prints some sets (automation triggers' `expect`, ...) in hash order: a fixed seed records the same
    # files run after run, as the oracle's own CLI does
    env = {**os.environ, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")}
    for (now, clock_step), group in sorted(groups.items()):
        cmd = [sys.executable, __file__, "--worker-now", now, "--worker-clock-step", str(clock_step), *group]
        if subprocess.run(cmd, env=env).returncode != 0:
            print(f"recording failed for {group}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
