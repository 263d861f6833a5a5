"""State ids: the run whose state history holds a state with a given id, kept up to date.

Prefect reads a state by its own id (``GET /flow_run_states/{id}``), any
state of a run's history (docs/semantics.md#state-history); a run record
carries its states' ids inside its history (the current one given in the
dataset, or ``uuid5(run id, "state")``), so the planned engine keeps this
map. Built in O(states) on first use; every commit moves the states of the
changed runs, O(history length) each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..entities.runs.states import run_state_ids


class StateIds:
    """state id → id of the run whose history holds that state."""

    __slots__ = ("follows", "owners")

    def __init__(self, table: str, records: Iterable[Any]) -> None:
        #: the table whose changes this structure follows
        self.follows = (table,)
        self.owners: dict[str, str] = {}
        self.apply(table, (), records)

    def owner(self, state: str) -> str | None:
        """The id of the run whose history holds the state `state`, or None; O(1)."""
        return self.owners.get(state)

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow the table's change; O(states of the changed runs)."""
        owners = self.owners
        for record in removed:
            for sid in run_state_ids(record):
                if owners.get(sid) == record.id:
                    del owners[sid]
        for record in added:
            for sid in run_state_ids(record):
                owners[sid] = record.id

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert the map equals a fresh build (a test invariant)."""
        (table,) = self.follows
        assert StateIds(table, tables[table].values()).owners == self.owners, "state ids out of sync"


__all__ = ["StateIds"]
