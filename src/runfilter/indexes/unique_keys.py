"""Unique-key maps: a table's unique key (flow name, (pool, queue name), ...) → the id of the record holding it.

The loader asks who holds a key when a batch claims it (two records must
not share one), and the name routes (``/flows/name/{name}``) read records by
key. Built in O(n) on first use (a bulk load into an empty store never needs
it), then kept up to date by every commit in O(1) per changed record. A key
with a NULL part is not a key (SQL unique constraints ignore such rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any


class UniqueKeys:
    """unique key → record id, for one table."""

    __slots__ = ("follows", "key_of", "owners")

    def __init__(self, table: str, records: Iterable[Any], key_of: Callable[[Any], tuple | None]) -> None:
        #: the table whose changes this structure follows
        self.follows = (table,)
        self.key_of = key_of
        self.owners: dict[tuple, str] = {k: r.id for r in records if (k := key_of(r)) is not None}

    def owner(self, key: tuple) -> str | None:
        """The id of the record holding `key`, or None; O(1)."""
        return self.owners.get(key)

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow the table's change; a key may move from a removed record to an added one."""
        owners, key_of = self.owners, self.key_of
        for record in removed:
            key = key_of(record)
            if key is not None and owners.get(key) == record.id:
                del owners[key]
        for record in added:
            key = key_of(record)
            if key is not None:
                owners[key] = record.id

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert no key is held twice and the map equals a fresh build (a test invariant)."""
        (table,) = self.follows
        records = tables[table].values()
        keys = [k for r in records if (k := self.key_of(r)) is not None]
        assert len(keys) == len(set(keys)), f"{table}: a unique key is held twice"
        assert UniqueKeys(table, records, self.key_of).owners == self.owners, f"{table}: unique map out of sync"
