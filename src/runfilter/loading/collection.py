"""Garbage-collector policy for large loads: pause the cyclic collector, then collect once, counted in the load.

Loading allocates a few objects per record, none of them in cycles; the
collector's repeated passes over them cost ~20 % of a large load, and the
first full collection after it (about a second at 100k runs) would land on
some later query. So batches of :data:`LARGE_BATCH` records or more pause
it and run that full collection once, at the end of the load. Small batches
(a test's fixture) keep the normal collector: a full collection per load
would cost them more than it saves.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any

#: Batches at least this large are loaded with the cyclic collector paused.
LARGE_BATCH = 20_000


@contextlib.contextmanager
def large_batch_collection(dataset: Any) -> Iterator[None]:
    """Around the load of `dataset`: the collector paused and one full collection after, if it is large."""
    size = sum(len(v) for v in dataset.values() if isinstance(v, list)) if isinstance(dataset, dict) else 0
    if size < LARGE_BATCH or not gc.isenabled():
        yield
        return
    # The objects that existed before the load (the dataset itself among them,
    # often most of the heap) are frozen while that collection runs, so it
    # walks only what the load allocated; then they are thawed back into the
    # oldest generation: nothing stays frozen, and their own garbage waits for
    # the next full collection as usual. Skipped if the process froze objects
    # itself (gc.unfreeze would thaw those too).
    freeze = gc.get_freeze_count() == 0
    gc.disable()
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        gc.enable()
        try:
            gc.collect()
        finally:
            if freeze:
                gc.unfreeze()
