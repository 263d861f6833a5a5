"""Deleting records with the database's foreign-key rules, read off the kinds' declarations.

A delete is planned first (which records go, which survivors change) and
only then committed, so a bad request changes nothing. Each reference
column declares its rule (:class:`runfilter.schema.Ref`,
docs/semantics.md#referential-rules):

* cascade: deleting the target deletes the referencing records (a flow takes
  its deployments and flow runs, a flow run its task runs, a work pool its
  work queues), transitively;
* set null: the reference of surviving records is cleared (a deleted work
  queue on flow runs and deployments; a deleted task run on subflow runs);
* restrict: the target cannot be deleted while a surviving record references
  it (a pool's default queue, unless the pool goes too);
* no rule: not a foreign key (``flow_run.deployment_id``): the reference is
  left dangling, and then never joins;
* purged: not a foreign key either, but Prefect's delete route of the target
  deletes the referencing records in a background task (a deleted flow run's
  or task run's logs): done here for the records the delete names, not for
  those a cascade takes, as deleting a flow through Prefect keeps its runs'
  logs (docs/semantics.md#logs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from ..codecs import uuid_text
from ..entities import KIND_BY_NAME, KINDS
from ..errors import DatasetError
from ..schema import CASCADE, RESTRICT, SET_NULL, Column
from . import ChangeSet


def _referencing(store: Any, kind: str, field: str, targets: set[str]) -> set[str]:
    """Ids of `kind` records whose `field` names one of `targets` (through its lookup index if it has one)."""
    if not targets:
        return set()
    indexes = store.indexes[kind]
    if indexes.has(f"={field}"):
        return indexes.get(f"={field}").union(targets)
    return {record.id for record in store.tables[kind].values() if getattr(record, field) in targets}


def _rule(rule: str) -> list[tuple[str, Column]]:
    return [(kind.name, col) for kind in KINDS for col in kind.references if col.ref.on_delete == rule]  # type: ignore[union-attr]


def _purged() -> list[tuple[str, Column]]:
    return [(kind.name, col) for kind in KINDS for col in kind.references if col.ref.purged]  # type: ignore[union-attr]


def plan_delete(store: Any, ids_by_kind: Mapping[str, Iterable[Any]]) -> ChangeSet:
    """Everything a delete of `ids_by_kind` removes, and the survivors whose references it clears.

    Raises :class:`DatasetError` on an unknown kind or id, or a delete a RESTRICT reference forbids.
    """
    remove: dict[str, set[str]] = {kind: set() for kind in KIND_BY_NAME}
    for kind, ids in ids_by_kind.items():
        if kind not in KIND_BY_NAME:
            raise DatasetError("delete", f"unknown record kind {kind!r}; expected one of {list(KIND_BY_NAME)}")
        for index, raw in enumerate(ids):
            where = f"delete.{kind}[{index}]"
            try:
                record_id = uuid_text(raw)
            except ValueError as exc:
                raise DatasetError(where, str(exc)) from None
            if record_id not in store.tables[kind]:
                raise DatasetError(where, f"no {KIND_BY_NAME[kind].noun} with id {record_id} in the store")
            remove[kind].add(record_id)  # type: ignore[arg-type]
    named = {kind: set(ids) for kind, ids in remove.items()}
    cascades = _rule(CASCADE)
    grown = True
    while grown:  # until no cascade adds a record: chains (flow → flow run → task run) of any length
        grown = False
        for kind, col in cascades:
            children = _referencing(store, kind, col.name, remove[col.ref.target]) - remove[kind]  # type: ignore[union-attr]
            if children:
                remove[kind] |= children
                grown = True
    for kind, col in _purged():
        remove[kind] |= _referencing(store, kind, col.name, named[col.ref.target])  # type: ignore[union-attr]
    for kind, col in _rule(RESTRICT):
        target = col.ref.target  # type: ignore[union-attr]
        for record_id in _referencing(store, kind, col.name, remove[target]) - remove[kind]:
            record = store.tables[kind][record_id]
            owner = getattr(record, "name", record_id)
            raise DatasetError(
                f"delete.{target}: {getattr(record, col.name)}",
                f"is the {col.ref.role} of {KIND_BY_NAME[kind].noun} {owner!r}",  # type: ignore[union-attr]
            )
    replace: dict[str, dict[str, Any]] = {kind: {} for kind in KIND_BY_NAME}
    for kind, col in _rule(SET_NULL):
        for record_id in _referencing(store, kind, col.name, remove[col.ref.target]) - remove[kind]:  # type: ignore[union-attr]
            current = replace[kind].get(record_id) or store.tables[kind][record_id]
            replace[kind][record_id] = dataclasses.replace(current, **{col.name: None})
    return ChangeSet(put=replace, remove=remove)
