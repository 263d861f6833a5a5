"""Large loads pause the cyclic collector and run one full collection at the end.

`runfilter.store` freezes the objects that existed before a large load while
that collection runs, then thaws them. These tests pin the promises that make
the trick safe: the collector is left as it was found, nothing stays frozen,
garbage that existed before the load is still collected afterwards, and a
process that froze objects itself keeps them frozen.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from runfilter import DatasetError, Store
from runfilter.loading import collection

NOW = "2026-11-01T00:00:00Z"


def dataset(flows: int) -> dict[str, list[dict[str, str]]]:
    return {"flows": [{"name": f"flow-{i}"} for i in range(flows)]}


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make a 10-item batch count as large, and restore the collector's state after the test."""
    monkeypatch.setattr(collection, "LARGE_BATCH", 10)
    enabled = gc.isenabled()
    yield
    gc.enable() if enabled else gc.disable()


class Cycle:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_a_large_load_leaves_the_collector_enabled_and_nothing_frozen(small_threshold: None) -> None:
    assert gc.get_freeze_count() == 0
    store = Store.from_dataset(dataset(50), now=NOW)
    assert len(store) == 50
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_garbage_from_before_the_load_is_still_collected(small_threshold: None) -> None:
    garbage = Cycle()
    alive = weakref.ref(garbage)
    del garbage  # unreachable now, but only a collection frees it
    Store.from_dataset(dataset(50), now=NOW)
    gc.collect()
    assert alive() is None


def test_a_failed_large_load_restores_the_collector(small_threshold: None) -> None:
    bad = dataset(50)
    bad["flows"][40]["name"] = 5
    with pytest.raises(DatasetError, match=r"flows\[40\]\.name"):
        Store.from_dataset(bad, now=NOW)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def _in_collected_generations(obj: object) -> bool:
    # frozen objects live in the permanent generation, which gc.get_objects() does not list
    return any(o is obj for o in gc.get_objects())


def test_objects_the_process_froze_stay_frozen(small_threshold: None) -> None:
    # (the freeze count itself may drop during a load: a frozen object whose last reference goes is freed)
    sentinel: list[object] = [object()]
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0 and not _in_collected_generations(sentinel)
        Store.from_dataset(dataset(50), now=NOW)
        assert not _in_collected_generations(sentinel), "the load thawed objects the process had frozen"
    finally:
        gc.unfreeze()
    assert _in_collected_generations(sentinel)


def test_with_the_collector_disabled_a_load_leaves_it_disabled(small_threshold: None) -> None:
    gc.disable()
    Store.from_dataset(dataset(50), now=NOW)
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0
