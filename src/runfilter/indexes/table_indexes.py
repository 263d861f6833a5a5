"""The indexes of one table: declared up front, built on first use, then kept in sync.

Building every index eagerly would cost memory for indexes a user never
queries (460k task runs × six sorted indexes is hundreds of MB). Instead each
table declares what *can* be indexed; the first query that wants an index
builds it in O(n log n), and from then on every insert and delete updates
it. Unique-key maps are not here: they are constraints, always maintained by
the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..dialects import Dialect
from ..query.evaluate import field_getter
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


def _posting(field: str) -> Callable[[Dialect], PostingIndex]:
    return lambda dialect: PostingIndex.on_field(field_getter(field))


def _sorted(field: str) -> Callable[[Dialect], SortedIndex]:
    return lambda dialect: SortedIndex(field_getter(field), dialect.nulls_first, dialect.collation_key())


_RUN_SORTED = ("id", "name", "expected_start_time", "next_scheduled_start_time", "start_time", "end_time")
_FACTORIES: dict[str, dict[str, Callable[[Dialect], Any]]] = {
    "flow_runs": {
        **{
            f"={f}": _posting(f)
            for f in (
                "flow_id",
                "deployment_id",
                "work_queue_id",
                "parent_task_run_id",
                "state_type",
                "state_name",
                "name",
                "work_queue_name",
                "flow_version",
                "idempotency_key",
            )
        },
        "=tags": lambda dialect: PostingIndex(_tags_keys),
        "=created_by.id": lambda dialect: PostingIndex(_json_key("created_by", "id")),
        "=created_by.type": lambda dialect: PostingIndex(_json_key("created_by", "type")),
        **{f"<{f}": _sorted(f) for f in (*_RUN_SORTED, "start_or_expected")},
    },
    "task_runs": {
        **{f"={f}": _posting(f) for f in ("flow_run_id", "state_type", "state_name", "name")},
        "=tags": lambda dialect: PostingIndex(_tags_keys),
        **{f"<{f}": _sorted(f) for f in _RUN_SORTED},
    },
    "flows": {
        "=name": _posting("name"),
        "=tags": lambda dialect: PostingIndex(_tags_keys),
        **{f"<{f}": _sorted(f) for f in ("name", "created", "updated")},
    },
    "deployments": {
        **{f"={f}": _posting(f) for f in ("flow_id", "work_queue_id", "name", "paused", "work_queue_name")},
        "=tags": lambda dialect: PostingIndex(_tags_keys),
        **{f"<{f}": _sorted(f) for f in ("name", "created", "updated")},
    },
    "work_queues": {
        **{f"={f}": _posting(f) for f in ("work_pool_id", "name")},
        **{f"<{f}": _sorted(f) for f in ("name", "priority")},
    },
    "work_pools": {**{f"={f}": _posting(f) for f in ("name", "type")}, "<name": _sorted("name")},
}

#: Key under which tag postings file records that have no tags.
NO_TAGS = _EMPTY_TAGS[0]


class TableIndexes:
    """Lazily built indexes over one table's records.

    Index names: ``"=field"`` for a :class:`PostingIndex`, ``"<field"`` for a
    :class:`SortedIndex` (``"=tags"`` is the inverted tag index).
    """

    def __init__(self, table: str, records: dict[str, Any], dialect: Dialect) -> None:
        self.table = table
        self.records = records
        #: the store's dialect: sorted indexes keep its value order
        self.dialect = dialect
        self._factories = _FACTORIES[table]
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

    def add(self, record: Any) -> None:
        """File a new record in every built index."""
        for index in self.built.values():
            index.add(record)

    def remove(self, record: Any) -> None:
        """Unfile a record from every built index."""
        for index in self.built.values():
            index.remove(record)

    def check(self) -> None:
        """Assert every built index matches the table (test invariant)."""
        for index in self.built.values():
            index.check(self.records)
