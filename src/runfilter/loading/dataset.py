"""Turn a whole dataset (Prefect's API field names) into validated records.

A dataset is a JSON object with one list per record kind (``flows``,
``work_pools``, ..., ``task_runs``: :data:`runfilter.entities.DATASET_KEYS`).
Each kind's loader (declared on its :class:`~runfilter.schema.Kind`, living
in its folder) fills in what Prefect derives (state names and timestamps, a
queue's name on runs, a pool's default queue, task-run keys, ids, names,
``created``) and checks its references; this module runs them in load order,
then checks the references that point forward and the unique keys against
the store. It returns new records without touching the store: the store
commits them only if the whole batch is valid, so a bad item never leaves it
half-changed.

Every error is a :class:`~runfilter.errors.DatasetError` naming the item and
field, e.g. ``flow_runs[3].flow_id: no flow with id ... in the dataset``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ..entities import DATASET_KEYS, KIND_BY_NAME
from ..errors import DatasetError
from ..timeutil import to_us
from ..writes import ChangeSet
from .batch import BatchBuilder, StoreView
from .columns import load_records

__all__ = ["StoreView", "build_batch", "wall_clock_us"]


def build_batch(
    dataset: Any,
    store: StoreView,
    now: int,
    first_seq: int,
    rng: random.Random | None = None,
    strict: bool = True,
    replace: bool = False,
) -> ChangeSet:
    """Validate `dataset` against `store` and return the change it makes: its new records per kind, by id
    (and the stored records an upsert makes obsolete).

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
    builder = BatchBuilder(KIND_BY_NAME, store, now, first_seq, rng or random.Random(), strict, replace)
    for kind in KIND_BY_NAME.values():
        raws = {key: dataset.get(key) or [] for key in kind.lists} if kind.lists else dataset.get(kind.name) or []
        (kind.load or load_records)(builder, kind, raws)
        for waiting in KIND_BY_NAME.values():
            if waiting.finish is not None and (waiting.finish_after or waiting.name) == kind.name:
                waiting.finish(builder, waiting)
    builder.check_forward_refs()
    builder.check_store_uniques()
    return ChangeSet(put=builder.new, remove=builder.removed)


def wall_clock_us() -> int:
    """The current time in epoch µs."""
    return to_us(dt.datetime.now(dt.UTC))
