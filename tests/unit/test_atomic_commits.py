"""A write happens whole or not at all, whatever exception arrives while the store commits it.

Failures are injected into index maintenance (``MemoryError`` at the k-th
call of each structure's update) and real SIGINTs are delivered at many
instants of real writes; afterwards the store must pass its invariant
check, hold either the old or the new records, and answer exactly like a
fresh store built from its own ``dump()``.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from runfilter import DatasetError, Store, synthetic
from runfilter.indexes import group_counts, history_series, join_counts, posting, sorted_index, unique_keys

NOW = synthetic.iso(synthetic.NOW)
DATASET = synthetic.generate(150, task_runs_per_run=3, seed=31)
QUERIES = [
    ("flow_runs/filter", {"sort": "NAME_ASC", "limit": 30}),
    ("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED", "COMPLETED"]}}}}),
    ("task_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}),
    ("flow_runs/filter", {"flow_runs": {"tags": {"any_": ["tag-01"]}}, "sort": "EXPECTED_START_TIME_DESC"}),
    ("flow_runs/history", {
        "history_start": "2026-10-01T00:00:00Z", "history_end": "2026-10-28T00:00:00Z",
        "history_interval_seconds": 86400,
    }),
    ("deployments/filter", {"flows": {"name": {"like_": "etl"}}}),
    ("work_queues/filter", {}),
    ("flows/filter", {"sort": "NAME_DESC", "limit": 5}),
]

#: (owner, method) of every structure a commit updates; each gets failures injected in turn
MAINTENANCE = [
    (posting.PostingIndex, "add"),
    (posting.PostingIndex, "remove"),
    (sorted_index.SortedIndex, "add"),
    (sorted_index.SortedIndex, "remove"),
    (unique_keys.UniqueKeys, "apply"),
    (join_counts.JoinCounts, "apply"),
    (group_counts.GroupCounts, "apply"),
    (history_series.HistorySeries, "apply"),
]


def _warm_store() -> Store:
    """A store whose indexes and derived structures are built (so commits must maintain them)."""
    store = Store.from_dataset(DATASET, now=NOW, seed=2)
    for path, body in QUERIES:
        store.request(path, body)
    return store


def _writes(store: Store) -> list:
    runs = DATASET["flow_runs"]
    return [
        lambda: store.upsert({"flow_runs": [{**r, "name": f"renamed-{i}", "state_type": "CRASHED"}
                                            for i, r in enumerate(runs[:40])]}),
        lambda: store.insert({"flows": [{"name": f"new-flow-{i}"} for i in range(30)]}),
        lambda: store.delete({"flows": [DATASET["flows"][0]["id"], DATASET["flows"][1]["id"]]}),
        lambda: store.request(f"work_pools/{DATASET['work_pools'][0]['name']}/get_scheduled_flow_runs", {}),
    ]


def _assert_whole(store: Store, before: dict) -> None:
    store.check()
    after = store.dump()
    fresh = Store.from_dataset(after, now=NOW)
    for path, body in QUERIES:
        assert store.request(path, body) == fresh.request(path, body), path
    return after


@pytest.mark.parametrize(("owner", "method"), MAINTENANCE, ids=lambda x: getattr(x, "__name__", x))
def test_a_failure_inside_index_maintenance_leaves_the_old_store(monkeypatch, owner, method) -> None:
    real = getattr(owner, method)
    failures = 0
    for which in range(4):
        for k in (1, 2, 7, 40):
            store = _warm_store()
            before = store.dump()
            calls = [0]

            def failing(self, *args, _real=real, _k=k, _calls=calls):
                _calls[0] += 1
                if _calls[0] == _k:
                    raise MemoryError("injected")
                return _real(self, *args)

            monkeypatch.setattr(owner, method, failing)
            try:
                _writes(store)[which]()
            except MemoryError:
                failures += 1
                monkeypatch.setattr(owner, method, real)
                assert store.dump() == before  # all or nothing: nothing
            monkeypatch.setattr(owner, method, real)
            _assert_whole(store, before)
    assert failures, f"{owner.__name__}.{method} was never reached by the writes"


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_at_any_instant_of_a_write_leaves_it_whole_or_undone() -> None:
    outcomes = {"done": 0, "undone": 0}
    for which in range(3):
        probe = _warm_store()
        started = time.perf_counter()
        _writes(probe)[which]()
        duration = time.perf_counter() - started
        for step in range(12):
            store = _warm_store()
            before = store.dump()
            timer = threading.Timer(duration * step / 10, os.kill, (os.getpid(), signal.SIGINT))
            try:
                timer.start()
                _writes(store)[which]()
                time.sleep(duration + 0.05)  # a late signal lands here, after the write
            except KeyboardInterrupt:
                pass
            finally:
                timer.join()
            after = _assert_whole(store, before)
            outcomes["undone" if after == before else "done"] += 1
    assert outcomes["done"] and sum(outcomes.values()) == 36


def test_a_refused_write_changes_nothing() -> None:
    store = _warm_store()
    before = store.dump()
    with pytest.raises(DatasetError):
        store.insert({"flows": [{"name": "fine"}, {"name": None}]})
    assert store.dump() == before


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
@pytest.mark.parametrize("k", [1, 5, 25])
def test_a_sigint_inside_the_commit_is_delivered_after_it(monkeypatch, k) -> None:
    store = _warm_store()
    real, calls = sorted_index.SortedIndex.add, [0]

    def add_then_signal(self, record):
        calls[0] += 1
        if calls[0] == k:
            os.kill(os.getpid(), signal.SIGINT)  # Python runs the handler at the next bytecode
        return real(self, record)

    monkeypatch.setattr(sorted_index.SortedIndex, "add", add_then_signal)
    with pytest.raises(KeyboardInterrupt):
        _writes(store)[1]()  # inserts 30 flows
    monkeypatch.setattr(sorted_index.SortedIndex, "add", real)
    assert store.counts()["flows"] == len(DATASET["flows"]) + 30  # the commit finished first
    _assert_whole(store, {})
