"""The planner's choices: which access path answers which query (behaviour, not timing).

Answers are checked everywhere else; these tests pin *how* a few typical
queries are answered, so a change that silently falls back to a full scan or
a heap over every row fails here instead of only in a benchmark.
"""

from __future__ import annotations

import pytest

from runfilter import Store, synthetic
from runfilter.indexes.posting import PostingIndex
from runfilter.naive import naive_request
from runfilter.query import planner


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.from_dataset(synthetic.generate(300, task_runs_per_run=3, seed=4), now=synthetic.NOW)


def _forbid(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError(f"{name} should not be needed for this query")

    monkeypatch.setattr(owner, name, refuse)


def test_an_unfiltered_sorted_page_is_read_off_the_sort_index(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = store.query("flow_runs/paginate", {"page": 3, "limit": 5, "sort": "NAME_ASC"})
    _forbid(monkeypatch, planner, "top")  # the heap over every row
    assert store.query("flow_runs/paginate", {"page": 3, "limit": 5, "sort": "NAME_ASC"}) == expected


def test_a_common_filter_with_a_small_page_walks_the_sort_index(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "sort": "EXPECTED_START_TIME_DESC", "limit": 3}
    expected = store.query("flow_runs/filter", body)
    _forbid(monkeypatch, planner, "top")
    assert store.query("flow_runs/filter", body) == expected


def test_a_rare_filter_takes_the_heap_over_its_few_candidates(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    some = next(iter(store.tables["flow_runs"]))
    body = {"flow_runs": {"id": {"any_": [some]}}, "sort": "NAME_ASC", "limit": 50}
    calls = []
    real_top = planner.top
    monkeypatch.setattr(planner, "top", lambda *a, **k: calls.append(1) or real_top(*a, **k))
    assert [r["id"] for r in store.query("flow_runs/filter", body)] == [some]
    assert calls, "one candidate: sorting it beats walking the name index"


def test_a_single_value_count_builds_no_set(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = sum(1 for r in store.tables["flow_runs"].values() if r.state_type == "FAILED")
    _forbid(monkeypatch, PostingIndex, "union")
    assert store.query("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}) == expected


def test_task_runs_of_failed_flow_runs_are_counted_by_join_counts(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = store.tables["flow_runs"]
    expected = sum(
        1 for t in store.tables["task_runs"].values() if t.flow_run_id and runs[t.flow_run_id].state_type == "FAILED"
    )
    _forbid(monkeypatch, planner.QueryEngine, "_filtered")
    _forbid(monkeypatch, PostingIndex, "union")
    assert store.query("task_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}) == expected


def test_unfiltered_history_uses_the_per_state_series(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {
        "history_start": "2026-10-01T00:00:00Z",
        "history_end": "2026-10-31T00:00:00Z",
        "history_interval_seconds": 86400,
    }
    expected = store.query("flow_runs/history", body)
    _forbid(monkeypatch, planner, "aggregate_runs")  # the one-pass loop over matching runs
    assert store.query("flow_runs/history", body) == expected


def test_counts_of_few_field_conditions_go_by_group(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"flows": {"name": {"like_": "etl"}}, "deployments": {"paused": {"eq_": False}}}
    expected = store.query("flow_runs/count", body)
    _forbid(monkeypatch, planner.QueryEngine, "_filtered")
    assert store.query("flow_runs/count", body) == expected


def test_a_walk_misled_by_correlated_conditions_switches_strategy(monkeypatch: pytest.MonkeyPatch) -> None:
    # (a runner's poll) SCHEDULED runs are the ones with a next start: the NULLs sorted first never
    # match, so the estimated short walk is long; after its budget the engine takes the candidates
    dataset = synthetic.generate(3_000, task_runs_per_run=0, seed=5)
    store = Store.from_dataset(dataset, now=synthetic.NOW)
    body = {
        "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
        "deployments": {"id": {"any_": [d["id"] for d in dataset["deployments"]]}},
        "sort": "NEXT_SCHEDULED_START_TIME_ASC",
        "limit": 5,
    }
    expected = naive_request(store, "flow_runs/filter", body)[1]
    walks = []
    real_walk = planner.QueryEngine._walk
    monkeypatch.setattr(planner, "_MIN_WALK_BUDGET", 10)

    def walk(*args, **kwargs):
        page = real_walk(*args, **kwargs)
        walks.append(page)
        return page

    monkeypatch.setattr(planner.QueryEngine, "_walk", walk)
    assert store.query("flow_runs/filter", body) == expected
    assert walks and walks[0] is None, "the budgeted walk gave up"


def test_a_range_on_the_sort_field_bounds_the_walk(store: Store) -> None:
    runs = store.tables["flow_runs"].values()
    times = sorted(r.expected_start_time for r in runs if r.expected_start_time is not None)
    low, high = times[len(times) // 3], times[2 * len(times) // 3]
    index = store.indexes["flow_runs"].get("<expected_start_time")
    for descending in (False, True):
        walked = list(index.in_order(low, high, descending))
        whole = list(index.descending() if descending else index.ascending())
        assert walked == [i for i in whole if store.tables["flow_runs"][i].expected_start_time in range(low, high + 1)]
