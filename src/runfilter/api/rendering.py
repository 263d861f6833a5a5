"""What every kind's renderer shares: the cache of rendered rows, Prefect's checks on names in responses.

Each kind renders its records as Prefect 3.9.1's JSON in its folder
(``entities/<kind>/render.py``): same keys, same order, same values.
Timestamps print as :func:`~runfilter.timeutil.format_ts`, durations as
float seconds, ids as lowercase UUID text; fields Prefect computes at
response time come from the record, the request's tables and ``now``.
"""

from __future__ import annotations

import threading
from typing import Any

from ..errors import INTERNAL_SERVER_ERROR, ServerError


class RowCache:
    """Bounded cache of the clock-independent JSON of run rows, keyed by record identity.

    Rendering a run is mostly formatting it never changes; a store keeps one
    cache and every request copies the cached part (so callers get fresh
    top-level dicts, lists and state objects) and fills in the fields that
    depend on the clock or on other tables. A replaced record is a new object,
    so it is never served stale. Oldest entries go first; O(1) per access.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._rows: dict[str, tuple[Any, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, record: Any, build: Any) -> dict[str, Any]:
        """The cached static JSON of `record`, built by `build(record)` on a miss."""
        hit = self._rows.get(record.id)
        if hit is not None and hit[0] is record:
            return hit[1]
        row = build(record)
        if self.capacity:
            with self._lock:
                self._rows[record.id] = (record, row)
                if len(self._rows) > self.capacity:
                    self._rows.pop(next(iter(self._rows)), None)
        return row


_BANNED_NAME_CHARACTERS = frozenset("/%&><")


def servable_name(name: str, non_emptyish: bool = False) -> str:
    """`name` if Prefect's response models accept it; else Prefect's 500 (docs/semantics.md#server-errors).

    Prefect validates names in responses (``^[^/%&><]+$``; pool names must
    also not be blank once quotes and spaces are stripped): a stored name
    that fails makes Prefect answer 500 whenever it returns the record.
    """
    if not name or not _BANNED_NAME_CHARACTERS.isdisjoint(name) or (non_emptyish and not name.strip("' \"")):
        raise ServerError(500, INTERNAL_SERVER_ERROR, f"Prefect cannot serialize the name {name!r} (HTTP 500)")
    return name
