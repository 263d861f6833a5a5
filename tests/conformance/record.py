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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import CASES_DIR, EXPECTED_DIR, load_case_file  # noqa: E402

DEFAULT_ORACLE_DIR = HERE.parents[1].parent / "shared" / "oracle"


def _oracle_dir() -> Path:
    return Path(os.environ.get("RUNFILTER_ORACLE_DIR", DEFAULT_ORACLE_DIR)).resolve()


def _worker(now: str, names: list[str]) -> None:
    """Record every named case file with one oracle frozen at `now`."""
    sys.path.insert(0, str(_oracle_dir()))
    from prefect_oracle import SyncPrefectOracle  # type: ignore[import-not-found]

    with SyncPrefectOracle(now=now, in_memory=True) as oracle:
        import prefect  # only after the oracle has configured Prefect's environment

        for name in names:
            suite = load_case_file(name)
            oracle.load(suite.dataset)
            results = []
            for case in suite.cases:
                status, response = oracle.query(case["endpoint"], case.get("body", {}), case.get("method", "POST"))
                results.append({"id": case["id"], "status": status, "response": response})
            out = {"prefect": prefect.__version__, "now": now, "results": results}
            (EXPECTED_DIR / f"{name}.json").write_text(json.dumps(out, indent=1) + "\n")
            print(f"recorded {name}: {len(results)} cases", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="case file names (default: all)")
    parser.add_argument("--worker-now", help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = args.names or sorted(p.stem for p in CASES_DIR.glob("*.json"))
    if args.worker_now:
        _worker(args.worker_now, names)
        return 0
    EXPECTED_DIR.mkdir(exist_ok=True)
    os.environ.setdefault("PREFECT_ORACLE_CACHE", str(HERE.parents[1] / ".oracle-cache"))
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[load_case_file(name).now].append(name)
    for now, group in sorted(groups.items()):
        cmd = [sys.executable, __file__, "--worker-now", now, *group]
        if subprocess.run(cmd).returncode != 0:
            print(f"recording failed for {group}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
