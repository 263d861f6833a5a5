"""Turn a dataset (Prefect's API field names) into validated records.

The dataset format is the oracle's (``../shared/oracle/README.md``, "Formats
→ Dataset"): a JSON object with lists ``flows``, ``work_pools``,
``work_queues``, ``deployments``, ``flow_runs``, ``task_runs``. This module
fills in what Prefect derives (state names and timestamps, a queue's name on
runs, a pool's default queue, task-run keys, ids, names, ``created``),
checks references, duplicate ids and Prefect's unique constraints, and
returns new records without touching the store. The store commits them only
if the whole batch is valid, so a bad item never leaves it half-changed.

Every error is a :class:`~runfilter.errors.DatasetError` naming the item and
field, e.g. ``flow_runs[3].flow_id: no flow with id ... in the dataset``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ..errors import DatasetError
from ..timeutil import to_us
from . import catalog, runs
from .batch import BatchBuilder, StoreView
from .fields import DATASET_KEYS, DERIVED, FIELDS

__all__ = ["DATASET_KEYS", "DERIVED", "FIELDS", "StoreView", "build_batch", "wall_clock_us"]


def build_batch(
    dataset: Any,
    store: StoreView,
    now: int,
    first_seq: int,
    rng: random.Random | None = None,
    strict: bool = True,
    replace: bool = False,
) -> dict[str, dict[str, Any]]:
    """Validate `dataset` against `store` and return its new records per kind, by id.

    With ``replace=True`` (upsert) an item whose id is stored replaces that record;
    otherwise a stored id is a duplicate. Unknown item fields are an error unless `strict` is False. Raises
    :class:`DatasetError` on the first bad item; never modifies `store`.
    """
    if not isinstance(dataset, dict):
        raise DatasetError("dataset", "must be a JSON object")
    unknown = set(dataset) - set(DATASET_KEYS)
    if unknown:
        raise DatasetError("dataset", f"unknown key(s) {sorted(unknown)}; expected {list(DATASET_KEYS)}")
    for key in DATASET_KEYS:
        if not isinstance(dataset.get(key) or [], list):
            raise DatasetError(f"dataset.{key}", "must be a list")
    builder = BatchBuilder(store, now, first_seq, rng or random.Random(), strict, replace)
    catalog.build_flows(builder, dataset)
    catalog.build_pools_and_queues(builder, dataset)
    catalog.build_deployments(builder, dataset)
    # task runs reference flow runs and flow runs reference task runs (subflows):
    # register every task-run id first so parent_task_run_id can be checked.
    runs.build_flow_runs(builder, dataset)
    runs.build_task_runs(builder, dataset)
    runs.check_parent_task_runs(builder)
    builder.check_store_uniques()
    return builder.new


def wall_clock_us() -> int:
    """The current time in epoch µs."""
    return to_us(dt.datetime.now(dt.UTC))
