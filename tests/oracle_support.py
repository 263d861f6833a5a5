"""The tests' client for the live Prefect oracle (real Prefect 3.9.1 in the oracle venv).

Prefect cannot be imported into the project's interpreter, so the oracle runs
in a child process (``oracle_worker.py`` under the oracle venv's python) and
this client talks to it in JSON lines. One worker serves a whole test session
(:func:`shared_oracle`); each example replaces the loaded data.

Where the oracle lives: ``RUNFILTER_ORACLE_DIR`` (the directory holding
``prefect_oracle.py``) and ``RUNFILTER_ORACLE_PYTHON`` (the oracle venv's
python), as exported by ``.ci/run``; otherwise ``../shared/oracle`` and
``.oracle-venv/bin/python`` relative to the repository root. When either is
missing, :func:`oracle_unavailable` says why and tests skip with that reason.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
WORKER = Path(__file__).resolve().parent / "oracle_worker.py"

#: The frozen clock of the shared worker; runfilter stores in the differential tests use the same.
ORACLE_NOW = "2026-10-04T00:00:00Z"


class OracleError(RuntimeError):
    """The worker refused a request (e.g. a dataset Prefect cannot hold) or died."""


def oracle_location() -> tuple[Path, Path]:
    """``(oracle_dir, oracle_python)`` from the environment or the repo-relative defaults."""
    oracle_dir = Path(os.environ.get("RUNFILTER_ORACLE_DIR") or REPO_ROOT.parent / "shared" / "oracle")
    python = Path(os.environ.get("RUNFILTER_ORACLE_PYTHON") or REPO_ROOT / ".oracle-venv" / "bin" / "python")
    if not python.is_absolute():
        python = REPO_ROOT / python
    return oracle_dir.resolve(), python


def oracle_unavailable() -> str | None:
    """Why the oracle cannot be used here, or None when it can."""
    oracle_dir, python = oracle_location()
    if not (oracle_dir / "prefect_oracle.py").is_file():
        return f"no Prefect oracle at {oracle_dir} (set RUNFILTER_ORACLE_DIR)"
    if not os.access(python, os.X_OK):
        return f"no oracle venv python at {python} (set RUNFILTER_ORACLE_PYTHON; see README 'Conformance')"
    return None


class OracleClient:
    """A running ``oracle_worker.py``: load datasets, send queries, parse datetimes with Prefect's type."""

    def __init__(self, now: str = ORACLE_NOW) -> None:
        oracle_dir, python = oracle_location()
        self.now = now
        self._log = tempfile.NamedTemporaryFile(prefix="oracle-worker-", suffix=".log", delete=False)
        env = dict(os.environ)
        env.setdefault("PREFECT_ORACLE_CACHE", str(REPO_ROOT / ".oracle-cache"))
        self._proc = subprocess.Popen(
            [str(python), str(WORKER), "--oracle-dir", str(oracle_dir), "--now", now],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=str(REPO_ROOT),
        )
        hello = self._read()
        if not hello.get("ready"):
            raise OracleError(f"oracle worker did not start: {hello}")
        self.prefect_version: str = hello["prefect"]

    # -- protocol

    def _read(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            self._proc.wait(timeout=10)
            raise OracleError(f"oracle worker exited ({self._proc.returncode}); log tail:\n{self.log_tail()}")
        return json.loads(line)

    def _call(self, request: dict[str, Any]) -> dict[str, Any]:
        if self._proc.poll() is not None:
            raise OracleError(f"oracle worker is not running; log tail:\n{self.log_tail()}")
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        reply = self._read()
        if "error" in reply:
            raise OracleError(reply["error"])
        return reply

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the worker's stderr (for error messages)."""
        try:
            return Path(self._log.name).read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    # -- API

    def load(self, dataset: dict[str, Any]) -> dict[str, int]:
        """Replace the oracle's data with `dataset`; raises :class:`OracleError` if Prefect refuses it."""
        return self._call({"op": "load", "dataset": dataset})["rows"]

    def queries(self, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Answers (``{"status", "response"}``) to ``[{"endpoint", "body", "method"?}, ...]``, in order."""
        return self._call({"op": "queries", "queries": queries})["results"]

    def query(self, endpoint: str, body: Any = None, method: str = "POST") -> tuple[int, Any]:
        """One request: ``(status, JSON payload)``."""
        answer = self.queries([{"endpoint": endpoint, "body": body, "method": method}])[0]
        return answer["status"], answer["response"]

    def parse_datetimes(self, values: list[Any]) -> list[dict[str, Any]]:
        """Prefect's request ``DateTime`` on each value: ``{"us": epoch µs}`` or ``{"errors": [...]}``."""
        return self._call({"op": "parse_datetimes", "values": values})["results"]

    def close(self) -> None:
        """Stop the worker (idempotent)."""
        if self._proc.poll() is None:
            try:
                self._call({"op": "quit"})
                self._proc.wait(timeout=30)
            except (OracleError, OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)


_SHARED: dict[str, OracleClient] = {}


def shared_oracle() -> OracleClient:
    """The session's single worker, started on first use and stopped at exit; skips if unavailable."""
    reason = oracle_unavailable()
    if reason:
        pytest.skip(reason)
    if "client" not in _SHARED:
        client = OracleClient()
        _SHARED["client"] = client
        atexit.register(client.close)
    return _SHARED["client"]
