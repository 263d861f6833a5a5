"""Tests that use the real ``prefect`` package (3.9.1): run them with the oracle venv's interpreter.

    .oracle-venv/bin/pip install --no-deps -e .   # plus sortedcontainers pytest hypothesis (see .ci/run)
    .oracle-venv/bin/python -m pytest tests/prefect_client

Where ``prefect`` cannot be imported (the project venv, which must never
import it) every module here is reported as skipped, with the reason, and
none is imported.

Under the oracle venv, this file prepares Prefect's oracle (real Prefect
server code, ``../shared/oracle``) *before* any test module imports
``prefect``, because the oracle must configure Prefect's environment first.
The differential tests use it through the ``oracle`` fixture; without the
oracle they are skipped with a reason and the other tests still run.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from runfilter.synthetic import NOW, iso

REPO_ROOT = Path(__file__).resolve().parents[2]
PREFECT_MISSING = (
    "needs the real prefect package (3.9.1), which this interpreter cannot import: run "
    "`.oracle-venv/bin/python -m pytest tests/prefect_client` (a separate step of .ci/run)"
)


class _NeedsPrefect(pytest.File):
    """Stands in for a test module when prefect is missing: reports it skipped without importing it."""

    def collect(self) -> Iterator[pytest.Item]:
        pytest.skip(PREFECT_MISSING)


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Replace every test module of this directory by a skip when prefect is not importable."""
    if importlib.util.find_spec("prefect") is None:
        return _NeedsPrefect.from_parent(parent, path=module_path)
    return None


def _oracle_dir() -> Path:
    return Path(os.environ.get("RUNFILTER_ORACLE_DIR") or REPO_ROOT.parent / "shared" / "oracle").resolve()


def _prepare_oracle() -> tuple[Any, str | None]:
    """The not yet started oracle (it sets Prefect's environment now), or None and why not."""
    if importlib.util.find_spec("prefect") is None:
        return None, PREFECT_MISSING
    oracle_dir = _oracle_dir()
    if not (oracle_dir / "prefect_oracle.py").is_file():
        return None, f"no Prefect oracle at {oracle_dir} (set RUNFILTER_ORACLE_DIR)"
    if "prefect" in sys.modules:
        return None, "prefect was imported before this conftest, so the oracle cannot configure it"
    os.environ.setdefault("PREFECT_ORACLE_CACHE", str(REPO_ROOT / ".oracle-cache"))
    sys.path.insert(0, str(oracle_dir))
    from prefect_oracle import PrefectOracle

    return PrefectOracle(now=iso(NOW)), None


_ORACLE, _ORACLE_MISSING = _prepare_oracle()
_ORACLE_STARTED = False


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Remove the temporary directory of an oracle that was prepared but never started."""
    if _ORACLE is not None and not _ORACLE_STARTED:
        asyncio.run(_ORACLE.close())


@dataclass
class RunningOracle:
    """The started oracle and the event loop it lives on (Prefect binds its database to one loop)."""

    oracle: Any
    runner: asyncio.Runner

    def run(self, coroutine: Any) -> Any:
        """Run a coroutine on the oracle's loop."""
        return self.runner.run(coroutine)

    @property
    def app(self) -> Any:
        """Prefect's FastAPI app, as the oracle built it."""
        return self.oracle._app


@pytest.fixture(scope="session")
def oracle() -> Iterator[RunningOracle]:
    """Prefect 3.9.1's real server code with a frozen clock (:data:`runfilter.synthetic.NOW`), started once."""
    global _ORACLE_STARTED
    if _ORACLE is None:
        pytest.skip(_ORACLE_MISSING)
    _ORACLE_STARTED = True
    runner = asyncio.Runner()
    running = RunningOracle(_ORACLE, runner)
    running.run(_ORACLE.start())
    try:
        yield running
    finally:
        running.run(_ORACLE.close())
        runner.close()


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio (trio is not installed)."""
    return "asyncio"
