"""The user-style suite again, as a user's own project would run it: alone, then in two pytest-xdist workers.

``test_user_style.py`` with its code under test and data is copied into a
fresh directory (no conftest of ours: only the runfilter plugin, found through
its entry point) and run in a subprocess. Under ``-n 2`` each worker process
gets its own stores and its own routing of Prefect's client: the same tests
must pass, spread over both workers, with no port, server or PREFECT_HOME.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

HERE = Path(__file__).parent


@pytest.fixture
def user_project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A directory holding the user-style tests, the module they test and its data."""
    for name in ("test_user_style.py", "pipeline_reports.py"):
        shutil.copy(HERE / name, pytester.path / name)
    shutil.copytree(HERE / "data", pytester.path / "data")
    return pytester


def test_the_user_style_suite_passes_under_two_xdist_workers(user_project: pytest.Pytester) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed (.ci/run installs it in the oracle venv)")
    alone = user_project.runpytest_subprocess("-p", "no:cacheprovider")
    passed = alone.parseoutcomes().get("passed", 0)
    assert passed >= 10 and alone.ret == 0
    parallel = user_project.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "-v")
    parallel.assert_outcomes(passed=passed)
    parallel.stdout.fnmatch_lines(["*[[]gw0[]]*PASSED*"])
    parallel.stdout.fnmatch_lines(["*[[]gw1[]]*PASSED*"])
