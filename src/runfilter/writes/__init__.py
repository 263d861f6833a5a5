"""Changes of the store: planned as a :class:`ChangeSet`, committed by :meth:`runfilter.Store.apply`.

Every change goes through one funnel. A planner validates a request and
works out everything it changes, without touching the store: loading a
dataset (:func:`runfilter.loading.dataset.build_batch`, for ``load``,
``insert`` and ``upsert``), deleting records with Prefect's foreign-key
rules (:func:`.deletes.plan_delete`), and the write API to come. The store
then commits the whole change set at once: tables, indexes, unique keys and
every derived structure move together, or nothing does
(docs/architecture.md#writes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChangeSet:
    """One all-or-nothing change: per kind, records to put (new, or replacing the stored record with
    that id) and ids to remove.

    A replacing record keeps the stored one's ``seq`` (its tie-break order);
    planners set it.
    """

    put: dict[str, dict[str, Any]] = field(default_factory=dict)
    remove: dict[str, set[str]] = field(default_factory=dict)

    def touched(self) -> list[str]:
        """The kinds this change set changes."""
        return [kind for kind in {**self.put, **self.remove} if self.put.get(kind) or self.remove.get(kind)]


__all__ = ["ChangeSet"]
