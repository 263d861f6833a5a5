"""The pytest plugin: its fixtures used directly here, and in inner pytest runs (pytester) for isolation."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from runfilter import Store
from runfilter.pytest_plugin import read_dataset

pytest_plugins = ["pytester"]

SMALL = {"flows": [{"name": "etl"}, {"name": "ml"}]}
RUNNING = {
    "flows": [{"id": "6f1d2a8e-8d5c-4b7a-9d1e-0c3f5a7b9e11", "name": "etl"}],
    "flow_runs": [
        {
            "flow_id": "6f1d2a8e-8d5c-4b7a-9d1e-0c3f5a7b9e11",
            "state_type": "RUNNING",
            "start_time": "2026-11-01T00:00:00Z",
            "total_run_time": 0,
        }
    ],
}


def test_runfilter_store_is_a_fresh_empty_store(runfilter_store):
    assert isinstance(runfilter_store, Store) and len(runfilter_store) == 0


@pytest.mark.runfilter(dataset=RUNNING, now="2026-11-01T00:01:00Z")
def test_marker_loads_a_mapping_and_freezes_the_clock(runfilter_store):
    (run,) = runfilter_store.query("flow_runs/filter", {})
    assert run["estimated_run_time"] == 60.0


def test_factory_builds_independent_stores(runfilter_store_from, tmp_path):
    path = tmp_path / "small.json"
    path.write_text(json.dumps(SMALL))
    from_file = runfilter_store_from(path)
    from_mapping = runfilter_store_from(RUNNING, now="2026-11-01T00:00:30Z")
    assert from_file.query("flows/count", {}) == 2
    assert from_mapping.query("flow_runs/filter", {})[0]["estimated_run_time"] == 30.0
    assert from_file is not runfilter_store_from(path)


def test_read_dataset_parses_a_file_once_while_it_is_unchanged(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps(SMALL))
    first = read_dataset(path)
    assert read_dataset(str(path)) is first
    assert read_dataset("d.json", base_dir=tmp_path) is first
    path.write_text(json.dumps({"flows": []}))
    assert read_dataset(path) == {"flows": []}
    assert read_dataset(SMALL) is SMALL


def test_importing_the_plugin_loads_neither_prefect_nor_httpx_nor_the_engine():
    # every pytest run in an environment with runfilter imports the plugin: it must stay cheap
    heavy = ("httpx", "prefect", "pydantic", "runfilter.store")
    code = f"import sys, runfilter.pytest_plugin; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_marked_test_without_a_runfilter_fixture_warns(pytester):
    pytester.makepyfile(
        test_marked="import pytest\n\n@pytest.mark.runfilter(dataset={})\ndef test_forgot_the_fixture():\n    pass\n"
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*RunfilterMarkerWarning*neither runfilter_store nor runfilter_prefect*"])


INNER_TESTS = """
import pytest

@pytest.mark.runfilter("data/small.json")
def test_marker_path_is_relative_to_this_file(runfilter_store):
    assert runfilter_store.query("flows/count", {}) == 2
    runfilter_store.load({"flows": [{"name": "extra"}]})

def test_the_next_test_gets_a_new_store(runfilter_store):
    assert len(runfilter_store) == 0

def test_factory_paths_are_relative_too(runfilter_store_from):
    assert runfilter_store_from("data/small.json").query("flows/count", {}) == 2

@pytest.mark.runfilter(datset={})
def test_misspelt_marker_argument(runfilter_store):
    pass
"""


def test_fixtures_in_an_inner_run(pytester):
    pytester.makepyfile(test_inner=INNER_TESTS)
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "small.json").write_text(json.dumps(SMALL))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*UsageError: @pytest.mark.runfilter: unknown argument(s)*datset*"])


@pytest.mark.skipif(importlib.util.find_spec("prefect") is not None, reason="prefect is installed here")
def test_runfilter_prefect_skips_with_a_reason_without_prefect(pytester):
    pytester.makepyfile(test_prefect="def test_uses_prefect(runfilter_prefect):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*the runfilter_prefect fixture needs the prefect package*"])


XDIST_TESTS = """
import pytest

@pytest.mark.parametrize("n", range(12))
@pytest.mark.runfilter(dataset={"flows": [{"name": "etl"}]}, now="2026-11-01T00:00:00Z")
def test_each_test_gets_its_own_store(runfilter_store, runfilter_store_from, n):
    assert runfilter_store.query("flows/count", {}) == 1
    runfilter_store.load({"flows": [{"name": f"extra-{n}"}]})
    assert runfilter_store.query("flows/count", {}) == 2
    assert runfilter_store_from("data/small.json").query("flows/count", {}) == 2
"""


def test_fixtures_under_two_xdist_workers(pytester):
    # pytest-xdist runs tests in worker processes: the fixtures must need no shared state, port or home
    pytest.importorskip("xdist", reason="pytest-xdist is not installed (it is in the test extra)")
    pytester.makepyfile(test_parallel=XDIST_TESTS)
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "small.json").write_text(json.dumps(SMALL))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "-v")
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(["*[[]gw0[]]*PASSED*"])
    result.stdout.fnmatch_lines(["*[[]gw1[]]*PASSED*"])


SHARED_TESTS = """
import pytest

DATA = {"flows": [{"name": "etl"}, {"name": "report"}]}
LOADS = []

@pytest.fixture(autouse=True)
def count_loads(monkeypatch):
    from runfilter import Store
    real = Store.from_dataset.__func__
    monkeypatch.setattr(Store, "from_dataset", classmethod(lambda cls, *a, **k: LOADS.append(1) or real(cls, *a, **k)))

@pytest.mark.runfilter(dataset=DATA, shared=True)
@pytest.mark.parametrize("round_", range(3))
def test_changes_do_not_leak(runfilter_store, round_):
    assert runfilter_store.request("flows/count", {}) == (200, 2)
    runfilter_store.insert({"flows": [{"name": f"new-{round_}"}]})
    runfilter_store.delete({"flows": [next(iter(runfilter_store.tables["flows"]))]})

def test_loaded_once():
    assert len(LOADS) == 1
"""


def test_a_shared_dataset_is_loaded_once_and_rolled_back_after_each_test(pytester):
    pytester.makepyfile(test_shared=SHARED_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=4)
