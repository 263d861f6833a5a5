"""The indexes of one table: declared up front, built on first use, then kept in sync.

Building every index eagerly would cost memory for indexes a user never
queries (460k task runs × six sorted indexes is hundreds of MB). Instead each
kind declares what *can* be indexed (its columns' ``index`` flags,
:func:`runfilter.schema.column`); the first query that wants an index
builds it in O(n log n), and from then on every insert and delete updates
it (:meth:`TableIndexes.apply`, called by the store's commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any

from .. import codecs
from ..dialects import Dialect
from ..schema import LOOKUP, ORDERED, Kind
from .posting import PostingIndex
from .sorted_index import SortedIndex

_EMPTY_TAGS = ("__no_tags__",)


def _tags_keys(record: Any) -> tuple:
    # every tag, plus a marker for "no tags" so `is_null_` is a lookup
    return tuple(set(record.tags)) if record.tags else _EMPTY_TAGS


def _json_key(field: str, key: str) -> Callable[[Any], tuple]:
    def keys(record: Any) -> tuple:
        obj = getattr(record, field)
        return (None if obj is None else obj.get(key),)

    return keys


def _factories(kind: Kind) -> dict[str, Callable[[Dialect], Any]]:
    """Every index `kind` can have, from its columns' and computed fields' index flags."""
    out: dict[str, Callable[[Dialect], Any]] = {}

    def declare(name: str, flags: int, getter: Callable[[Any], Any], tags: bool = False) -> None:
        if flags & LOOKUP:
            out[f"={name}"] = (
                (lambda d: PostingIndex(_tags_keys)) if tags else (lambda d: PostingIndex.on_field(getter))
            )
        if flags & ORDERED:
            out[f"<{name}"] = lambda d: SortedIndex(getter, d.nulls_first, d.collation_key())

    for col in kind.columns:
        declare(col.name, col.index, attrgetter(col.name), tags=col.codec is codecs.TAGS)
        for key in col.json_keys:
            out[f"={col.name}.{key}"] = lambda d, field=col.name, key=key: PostingIndex(_json_key(field, key))
    for name, flags in kind.computed_index.items():
        declare(name, flags, kind.computed[name])
    return out


#: Key under which tag postings file records that have no tags.
NO_TAGS = _EMPTY_TAGS[0]


class TableIndexes:
    """Lazily built indexes over one table's records.

    Index names: ``"=field"`` for a :class:`PostingIndex`, ``"<field"`` for a
    :class:`SortedIndex` (``"=tags"`` is the inverted tag index).
    """

    def __init__(self, kind: Kind, records: dict[str, Any], dialect: Dialect) -> None:
        self.table = kind.name
        #: the table whose changes these indexes follow
        self.follows = (kind.name,)
        self.records = records
        #: the store's dialect: sorted indexes keep its value order
        self.dialect = dialect
        self._factories = _factories(kind)
        self.built: dict[str, Any] = {}

    def has(self, name: str) -> bool:
        """Whether the table can have index `name`."""
        return name in self._factories

    def get(self, name: str) -> Any:
        """Index `name`, built now from every record if it does not exist yet (O(n log n) once)."""
        index = self.built.get(name)
        if index is None:
            index = self._factories[name](self.dialect)
            for record in self.records.values():
                index.add(record)
            self.built[name] = index
        return index

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow the table's change: unfile `removed` records (as they were filed), file `added` ones;
        O(log n) per record and built index."""
        for index in self.built.values():
            for record in removed:
                index.remove(record)
            for record in added:
                index.add(record)

    def check(self, tables: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """Assert every built index matches the table (test invariant)."""
        for index in self.built.values():
            index.check(self.records)
