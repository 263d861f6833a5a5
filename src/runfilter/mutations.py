"""Deleting records with Prefect's foreign-key rules (prefect-semantics.md §4.6).

A delete is planned first (which records go, which survivors change) and
only then committed, so a bad request changes nothing. The rules are the
database's:

* cascade: a flow takes its deployments and flow runs; a flow run its task
  runs; a work pool its work queues;
* set null: a deleted work queue clears ``work_queue_id`` on flow runs and
  deployments; a deleted task run clears ``parent_task_run_id`` on subflow
  runs;
* no rule: ``flow_run.deployment_id`` is not a foreign key — deleting a
  deployment leaves its runs pointing at nothing (they then never match a
  ``deployments`` filter).

A pool's default queue cannot be deleted on its own (Prefect refuses).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import DatasetError
from .loading.batch import uuid_text

#: Deletion order: parents after children is not needed (we plan first), but a fixed order keeps plans readable.
KINDS = ("flows", "work_pools", "work_queues", "deployments", "flow_runs", "task_runs")


@dataclasses.dataclass
class DeletePlan:
    """Ids to remove per kind, and replacement records for survivors whose references are cleared."""

    remove: dict[str, set[str]]
    replace: dict[str, dict[str, Any]]


def _children(store: Any, kind: str, field: str, parent_ids: set[str]) -> set[str]:
    postings = store.indexes[kind].get(f"={field}")
    return postings.union(parent_ids) if parent_ids else set()


def plan_delete(store: Any, ids_by_kind: Mapping[str, Iterable[Any]]) -> DeletePlan:
    """Everything a delete of `ids_by_kind` removes or changes; raises :class:`DatasetError` on unknown ids."""
    remove: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind, ids in ids_by_kind.items():
        if kind not in KINDS:
            raise DatasetError("delete", f"unknown record kind {kind!r}; expected one of {list(KINDS)}")
        for index, raw in enumerate(ids):
            where = f"delete.{kind}[{index}]"
            try:
                record_id = uuid_text(raw)
            except ValueError as exc:
                raise DatasetError(where, str(exc)) from None
            if record_id not in store.tables[kind]:
                raise DatasetError(where, f"no {kind[:-1].replace('_', ' ')} with id {record_id} in the store")
            remove[kind].add(record_id)
    # cascades, parents first so children of cascaded parents are included
    remove["deployments"] |= _children(store, "deployments", "flow_id", remove["flows"])
    remove["flow_runs"] |= _children(store, "flow_runs", "flow_id", remove["flows"])
    remove["work_queues"] |= _children(store, "work_queues", "work_pool_id", remove["work_pools"])
    remove["task_runs"] |= _children(store, "task_runs", "flow_run_id", remove["flow_runs"])
    for queue_id in remove["work_queues"]:
        pool_id = store.tables["work_queues"][queue_id].work_pool_id
        pool = store.tables["work_pools"][pool_id]
        if pool.default_queue_id == queue_id and pool_id not in remove["work_pools"]:
            raise DatasetError(f"delete.work_queues: {queue_id}", f"is the default queue of work pool {pool.name!r}")
    replace: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    _clear(store, replace, remove, "flow_runs", "work_queue_id", remove["work_queues"])
    _clear(store, replace, remove, "deployments", "work_queue_id", remove["work_queues"])
    _clear(store, replace, remove, "flow_runs", "parent_task_run_id", remove["task_runs"])
    return DeletePlan(remove, replace)


def _clear(
    store: Any,
    replace: dict[str, dict[str, Any]],
    remove: dict[str, set[str]],
    kind: str,
    field: str,
    deleted: set[str],
) -> None:
    """Set `field` to NULL on surviving records of `kind` that reference a deleted id."""
    for record_id in _children(store, kind, field, deleted):
        if record_id in remove[kind]:
            continue
        current = replace[kind].get(record_id) or store.tables[kind][record_id]
        replace[kind][record_id] = dataclasses.replace(current, **{field: None})
