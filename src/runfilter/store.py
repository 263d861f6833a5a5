"""The in-memory store: records by table, Prefect's constraints, and the request entry points.

>>> store = Store.from_dataset({"flows": [{"name": "etl"}]}, now="2026-11-01T00:00:00Z")
>>> store.request("flows/count", {})
(200, 1)
>>> store.request("/api/flows/filter", {"flows": {"name": {"like_": "ET"}}})[1][0]["name"]
'etl'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import random
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from .dialects import DEFAULT_DIALECT, Dialect
from .endpoints import Context, answer, status_and_payload
from .entities import DATASET_KEYS, KINDS, LINKS
from .errors import DatasetError
from .export import dump_dataset
from .filters import (
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterState,
    FlowRunFilterStateType,
    FlowRunFilterTags,
    StateType,
)
from .history_index import HistorySeries
from .indexes.group_counts import GroupCounts
from .indexes.join_counts import JoinCounts
from .indexes.table_indexes import TableIndexes
from .loading.dataset import build_batch, wall_clock_us
from .mutations import plan_delete
from .query.planner import QueryEngine
from .query.selection import Selection
from .responses import Renderer, RowCache
from .timeutil import parse_dataset_time, to_us

Clock = str | dt.datetime | None

def _no_key(record: Any) -> None:
    return None


#: The unique constraints of each table, as a key function (None = no key), from the kinds' declarations.
_UNIQUE_KEYS: dict[str, Callable[[Any], tuple | None]] = {
    kind.name: kind.unique.key_of() if kind.unique is not None else _no_key for kind in KINDS
}
_POOL_SLOT_STATES = frozenset({"PENDING", "RUNNING"})
_QUEUE_SLOT_STATES = frozenset({"PENDING", "RUNNING", "CANCELLING"})


#: Batches at least this large are loaded with the cyclic collector paused.
LARGE_BATCH = 20_000


@contextlib.contextmanager
def _large_batch_collection(dataset: Any) -> Iterator[None]:
    # Loading allocates a few objects per record, none of them in cycles; the
    # collector's repeated passes over them cost ~20 % of a large load, and the
    # first full collection after it (about a second at 100k runs) would land
    # on some later query. So: pause it, then run that full collection once,
    # here, where it is counted as load time. Small batches (a test's fixture)
    # keep the normal collector: a full collection per load would cost them
    # more than it saves.
    size = sum(len(v) for v in dataset.values() if isinstance(v, list)) if isinstance(dataset, dict) else 0
    if size < LARGE_BATCH or not gc.isenabled():
        yield
        return
    # The objects that existed before the load (the dataset itself among them,
    # often most of the heap) are frozen while that collection runs, so it
    # walks only what the load allocated; then they are thawed back into the
    # oldest generation: nothing stays frozen, and their own garbage waits for
    # the next full collection as usual. Skipped if the process froze objects
    # itself (gc.unfreeze would thaw those too).
    freeze = gc.get_freeze_count() == 0
    gc.disable()
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        gc.enable()
        try:
            gc.collect()
        finally:
            if freeze:
                gc.unfreeze()


def _clock(now: Clock) -> int | None:
    if now is None:
        return None
    if isinstance(now, dt.datetime):
        return to_us(now)
    try:
        return parse_dataset_time(now)
    except ValueError as exc:
        raise DatasetError("now", str(exc)) from None


class Store:
    """Flows, work pools, work queues, deployments, flow runs and task runs, queryable like Prefect.

    ``now`` freezes the clock used by derived values (``estimated_run_time``,
    lateness, history sums, default ``created``); ``None`` uses the wall
    clock at each request.
    """

    def __init__(self, now: Clock = None, seed: int | None = None, dialect: Dialect = DEFAULT_DIALECT) -> None:
        #: the database whose rules the store follows (value order, ``like_``, date arithmetic)
        self.dialect = dialect
        self.tables: dict[str, dict[str, Any]] = {kind: {} for kind in DATASET_KEYS}
        self.indexes: dict[str, TableIndexes] = {
            kind.name: TableIndexes(kind, self.tables[kind.name], dialect) for kind in KINDS
        }
        #: per table, unique key -> record id; built on first use (a bulk load never needs it)
        self._unique: dict[str, dict[tuple, str] | None] = dict.fromkeys(DATASET_KEYS)
        self._frozen_now = _clock(now)
        #: per table, a counter bumped by every change (keys caches of derived structures)
        self.versions: dict[str, int] = dict.fromkeys(DATASET_KEYS, 0)
        self._history_series: dict[str, tuple[int, HistorySeries]] = {}
        self._join_counts: dict[tuple[str, str], tuple[tuple[int, int], JoinCounts]] = {}
        self._group_counts: dict[tuple[str, tuple[str, ...]], tuple[int, GroupCounts]] = {}
        self._rows = RowCache()
        self._seq = 0
        self._rng = random.Random(seed)

    # -- construction and loading

    @classmethod
    def from_dataset(
        cls,
        dataset: Mapping[str, Any],
        now: Clock = None,
        seed: int | None = None,
        strict: bool = True,
        dialect: Dialect = DEFAULT_DIALECT,
    ) -> Store:
        """A new store holding `dataset` (the oracle's dataset format); raises :class:`DatasetError`.

        `seed` makes generated ids and run names reproducible; ``strict=False``
        ignores unknown item fields instead of refusing them; `dialect` is the
        database whose rules answers follow (default SQLite, Prefect's default).
        """
        store = cls(now=now, seed=seed, dialect=dialect)
        store.load(dataset, strict=strict)
        return store

    def load(self, dataset: Mapping[str, Any], strict: bool = True) -> dict[str, int]:
        """Add every record of `dataset`, all or nothing (same as :meth:`insert`)."""
        return self.insert(dataset, strict=strict)

    def insert(self, dataset: Mapping[str, Any], strict: bool = True) -> dict[str, int]:
        """Add the records of `dataset`; a stored id is an error. Returns counts added per kind.

        All or nothing: on any bad item a :class:`DatasetError` names it and the
        store (data and indexes) is exactly as before.
        """
        with _large_batch_collection(dataset):
            batch = build_batch(dataset, self, self.now_us(), self._seq, self._rng, strict)
            self._commit(put=batch, remove={})
        return {kind: len(batch[kind]) for kind in DATASET_KEYS}

    def upsert(self, dataset: Mapping[str, Any], strict: bool = True) -> dict[str, int]:
        """Add or replace (by id) the records of `dataset`; all or nothing. Returns counts per kind.

        A replaced record keeps its insertion position (its tie-break order).
        """
        with _large_batch_collection(dataset):
            batch = build_batch(dataset, self, self.now_us(), self._seq, self._rng, strict, replace=True)
            self._commit(put=batch, remove={})
        return {kind: len(batch[kind]) for kind in DATASET_KEYS}

    def delete(self, ids_by_kind: Mapping[str, Iterable[Any]]) -> dict[str, int]:
        """Delete records, e.g. ``{"flows": [id, ...]}``, with Prefect's cascades and set-null rules.

        Returns how many records of each kind were removed (cascades
        included). All or nothing: an unknown id raises :class:`DatasetError`.
        """
        plan = plan_delete(self, ids_by_kind)
        self._commit(put=plan.replace, remove=plan.remove)
        return {kind: len(ids) for kind, ids in plan.remove.items()}

    def _commit(self, put: Mapping[str, Mapping[str, Any]], remove: Mapping[str, set[str]]) -> None:
        # Nothing here can fail: every change was validated and planned before.
        # Old versions leave the unique maps first, so keys can move between records.
        outgoing = {
            kind: [self.tables[kind][i] for i in remove.get(kind, ())]
            + [self.tables[kind][i] for i in put.get(kind, {}) if i in self.tables[kind]]
            for kind in DATASET_KEYS
        }
        for kind, records in outgoing.items():
            unique, key_of, indexes = self._unique[kind], _UNIQUE_KEYS[kind], self.indexes[kind]
            for old in records:
                key = key_of(old)
                if unique is not None and key is not None and unique.get(key) == old.id:
                    del unique[key]
                indexes.remove(old)
        for kind in DATASET_KEYS:
            if remove.get(kind) or put.get(kind):
                self.versions[kind] += 1
            for record_id in remove.get(kind, ()):
                del self.tables[kind][record_id]
        for kind in DATASET_KEYS:
            table, unique, key_of, indexes = (
                self.tables[kind],
                self._unique[kind],
                _UNIQUE_KEYS[kind],
                self.indexes[kind],
            )
            records = put.get(kind)
            if not records:
                continue
            table.update(records)
            if indexes.built:
                for record in records.values():
                    indexes.add(record)
            if unique is not None:
                for record_id, record in records.items():
                    key = key_of(record)
                    if key is not None:
                        unique[key] = record_id
            self._seq = max(self._seq, max(record.seq for record in records.values()))

    def history_series(self, table: str) -> HistorySeries:
        """The per-state run series of `table` for unfiltered history, rebuilt after any change to it."""
        cached = self._history_series.get(table)
        if cached is None or cached[0] != self.versions[table]:
            cached = (self.versions[table], HistorySeries(self.tables[table].values(), self.dialect.dates))
            self._history_series[table] = cached
        return cached[1]

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """The store's records in the dataset format (Prefect's field names), derived values made explicit.

        ``Store.from_dataset(store.dump())`` holds the same data, and the same
        dataset loads into the oracle or replays against a Prefect server.
        """
        return dump_dataset(self.tables)

    def join_counts(self, link_name: str, target_field: str) -> JoinCounts:
        """Counts of a link's source records per target field value, rebuilt after changes to either table."""
        link = LINKS[link_name]
        version = (self.versions[link.source], self.versions[link.target])
        cached = self._join_counts.get((link_name, target_field))
        if cached is None or cached[0] != version:
            counts = JoinCounts(self.tables[link.source].values(), link.field, self.tables[link.target], target_field)
            cached = self._join_counts[(link_name, target_field)] = (version, counts)
        return cached[1]

    def group_counts(self, table: str, fields: tuple[str, ...]) -> GroupCounts:
        """`table`'s records grouped by `fields`, rebuilt after changes to the table."""
        cached = self._group_counts.get((table, fields))
        if cached is None or cached[0] != self.versions[table]:
            cached = self._group_counts[(table, fields)] = (
                self.versions[table],
                GroupCounts(self.tables[table].values(), fields),
            )
        return cached[1]

    def check(self) -> None:
        """Assert the store's invariants: unique maps, indexes and enforced references all consistent.

        O(n log n); meant for tests (like sortedcontainers' ``_check``).
        """
        for kind in DATASET_KEYS:
            table = self.tables[kind]
            expected = {k: r.id for r in table.values() if (k := _UNIQUE_KEYS[kind](r)) is not None}
            assert len(expected) == sum(_UNIQUE_KEYS[kind](r) is not None for r in table.values()), f"{kind}: key twice"
            if self._unique[kind] is not None:
                assert expected == self._unique[kind], f"{kind}: unique map out of sync"
            assert all(record_id == r.id for record_id, r in table.items()), f"{kind}: id keys out of sync"
            self.indexes[kind].check()
        for kind in KINDS:
            for col in kind.references:
                if not col.ref.enforced:  # type: ignore[union-attr]
                    continue
                targets = self.tables[col.ref.target]  # type: ignore[union-attr]
                for record in self.tables[kind.name].values():
                    value = getattr(record, col.name)
                    assert (value is None and not col.required) or value in targets, (
                        f"{kind.noun} {record.id}: dangling {col.name} {value}"
                    )

    # -- what the loader and the query engine read

    def table(self, kind: str) -> Mapping[str, Any]:
        """Records of one kind by id."""
        return self.tables[kind]

    def unique_owner(self, kind: str, key: tuple) -> str | None:
        """Id of the record holding a unique key of `kind` (flow name, (pool id, queue name), ...)."""
        unique = self._unique[kind]
        if unique is None:  # first check against this table: O(n) once, then kept up to date
            key_of = _UNIQUE_KEYS[kind]
            unique = self._unique[kind] = {k: r.id for r in self.tables[kind].values() if (k := key_of(r)) is not None}
        return unique.get(key)

    def now_us(self) -> int:
        """The store's clock in epoch µs: the frozen ``now`` or the wall clock."""
        return self._frozen_now if self._frozen_now is not None else wall_clock_us()

    def __len__(self) -> int:
        return sum(len(t) for t in self.tables.values())

    def counts(self) -> dict[str, int]:
        """Number of records per kind."""
        return {kind: len(t) for kind, t in self.tables.items()}

    # -- concurrency slots

    def active_slots(self, flavor: str, record_id: str, engine: QueryEngine) -> int:
        """Flow runs occupying a slot of a pool or queue, as each Prefect endpoint counts them.

        ``work_pools``: runs in PENDING/RUNNING on any queue of the pool.
        ``pool_queues`` (``/work_pools/{name}/queues/filter``): PENDING/RUNNING runs of the queue.
        ``work_queues`` (``/work_queues/filter``): PENDING/RUNNING/CANCELLING runs of the queue,
        or, for a legacy queue with a tag ``filter``, the runs that filter selects.
        """
        runs = self.indexes["flow_runs"]
        by_queue, by_state = runs.get("=work_queue_id"), runs.get("=state_type")

        def occupying(queue_ids: Any, states: frozenset[str]) -> int:
            in_states = by_state.union(states)
            return sum(len(by_queue.get(q) & in_states) for q in queue_ids)

        if flavor == "work_pools":
            return occupying(self.indexes["work_queues"].get("=work_pool_id").get(record_id), _POOL_SLOT_STATES)
        if flavor == "pool_queues":
            return occupying((record_id,), _POOL_SLOT_STATES)
        queue = self.tables["work_queues"][record_id]
        if queue.filter is None:
            return occupying((record_id,), _QUEUE_SLOT_STATES)
        return engine.count(_legacy_queue_runs(queue.filter))

    # -- requests

    def _context(self, path_params: dict[str, str]) -> Context:
        engine = QueryEngine(self)
        now = self.now_us()
        renderer = Renderer(self.tables, now, lambda flavor, rid: self.active_slots(flavor, rid, engine), self._rows)
        return Context(engine=engine, render=renderer, now=now, path_params=path_params)

    def request(self, path: str, body: Any = None, method: str = "POST") -> tuple[int, Any]:
        """Answer one API request as Prefect would: ``(status, JSON-ready payload)``.

        `path` is the endpoint path (``flow_runs/filter``, ``/api/flow_runs/filter``);
        `body` the decoded JSON body (None = no body). Never raises for bad input.
        """
        return status_and_payload(lambda: answer(self._context, method, path, body))

    def query(self, path: str, body: Any = None, method: str = "POST") -> Any:
        """Like :meth:`request` but returns the payload and raises a :class:`~runfilter.errors.RequestError`."""
        return answer(self._context, method, path, body)


def _legacy_queue_runs(queue_filter: dict[str, Any]) -> Selection:
    # Reproduces Prefect's count for a legacy tag-based queue: runs with all
    # the filter's tags, a deployment (in the filter's list, if any), PENDING or RUNNING.
    run_filter = FlowRunFilter(
        tags=FlowRunFilterTags(all_=queue_filter.get("tags")),
        deployment_id=FlowRunFilterDeploymentId(any_=queue_filter.get("deployment_ids"), is_null_=False),
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PENDING, StateType.RUNNING])),
    )
    return Selection("flow_runs", {"flow_runs": run_filter})
