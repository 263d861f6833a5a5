"""The per-request query engine: matching records, counts and sorted pages.

:class:`QueryEngine` is what endpoint handlers talk to. It owns one
:class:`~runfilter.query.evaluate.Evaluator` (so semi-join sets are shared
within a request) and asks the store's indexes for candidates when it can.
"""

from __future__ import annotations

from typing import Any

from ..sorting import Sort, top
from .evaluate import Evaluator, FullScan
from .selection import Selection


class QueryEngine:
    """Answers "which records match" questions for one request against one store."""

    def __init__(self, store: Any) -> None:
        self.store = store
        source = getattr(store, "candidate_source", None)
        self.evaluator = Evaluator(store.tables, source if source is not None else FullScan(store.tables))

    def matching(self, sel: Selection) -> list[Any]:
        """Every record the selection matches (any order)."""
        return self.evaluator.matching(sel.table, sel.compile())

    def count(self, sel: Selection) -> int:
        """How many records the selection matches."""
        return len(self.matching(sel))

    def select(self, sel: Selection, sort: Sort, now: int, offset: int, limit: int | None) -> list[Any]:
        """The page ``[offset, offset+limit)`` of matching records in `sort` order."""
        if limit == 0:
            return []
        return top(self.matching(sel), sort, now, offset, limit)

    def pool_named(self, name: str) -> Any:
        """The work pool called `name`, or None."""
        pool_id = self.store.unique_owner("work_pools", (name,))
        return None if pool_id is None else self.store.tables["work_pools"][pool_id]
