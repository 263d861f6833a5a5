"""Store.restore undoes any sequence of writes: the store then dumps and answers as before them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from runfilter import DatasetError, Store
from runfilter.strategies import datasets

NOW = "2026-11-01T00:00:00Z"


@settings(max_examples=40, deadline=None)
@given(base=datasets(), extra=datasets(), data=st.data())
def test_restore_after_random_writes(base: dict, extra: dict, data: st.DataObject) -> None:
    store = Store.from_dataset(base, now=NOW, seed=1)
    dump, answer = store.dump(), store.request("flow_runs/filter", {"sort": "NAME_ASC"})
    snapshot = store.snapshot()
    for _ in range(data.draw(st.integers(1, 4), label="writes")):
        action = data.draw(st.sampled_from(["upsert", "delete", "refused"]), label="action")
        try:
            if action == "upsert":
                store.upsert(extra)
            elif action == "delete":
                kind = data.draw(st.sampled_from(sorted(k for k, v in store.counts().items() if v) or ["flows"]))
                ids = sorted(store.tables[kind])[:1]
                store.delete({kind: ids})
            else:
                store.insert({"flows": [{"name": None}]})
        except DatasetError:
            pass  # refused writes change nothing; the restore must still work
    store.restore(snapshot)
    store.check()
    assert store.dump() == dump
    assert store.request("flow_runs/filter", {"sort": "NAME_ASC"}) == answer
