"""State ids: the run whose current state has a given id, kept up to date.

Prefect reads a state by its own id (``GET /flow_run_states/{id}``); a run
record carries its state's id only implicitly (given in the dataset, or
``uuid5(run id, "state")``), so the planned engine keeps this map. Built in
O(n) on first use; every commit moves the changed runs in O(1) each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..entities.runs.states import state_id


class StateIds:
    """state id → id of the run whose current state it is."""

    __slots__ = ("follows", "owners")

    def __init__(self, table: str, records: Iterable[Any]) -> None:
        #: the table whose changes this structure follows
        self.follows = (table,)
        self.owners: dict[str, str] = {}
        self.apply(table, (), records)

    def owner(self, state: str) -> str | None:
        """The id of the run whose current state is `state`, or None; O(1)."""
        return self.owners.get(state)

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow the table's change; O(changes)."""
        owners = self.owners
        for record in removed:
            sid = state_id(record)
            if sid is not None and owners.get(sid) == record.id:
                del owners[sid]
        for record in added:
            sid = state_id(record)
            if sid is not None:
                owners[sid] = record.id

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert the map equals a fresh build (a test invariant)."""
        (table,) = self.follows
        assert StateIds(table, tables[table].values()).owners == self.owners, "state ids out of sync"


__all__ = ["StateIds"]
