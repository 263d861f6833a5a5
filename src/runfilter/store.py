"""The in-memory store: tables of records, the one write funnel, derived structures, the request entry points.

>>> store = Store.from_dataset({"flows": [{"name": "etl"}]}, now="2026-11-01T00:00:00Z")
>>> store.request("flows/count", {})
(200, 1)
>>> store.request("/api/flows/filter", {"flows": {"name": {"like_": "ET"}}})[1][0]["name"]
'etl'

The store knows tables, not Prefect: what a record kind is comes from
:mod:`runfilter.entities`, what a request means from :mod:`runfilter.api`,
database rules from the store's dialect. Every change is planned elsewhere
as a :class:`~runfilter.writes.ChangeSet` and committed by :meth:`Store.apply`,
which moves tables, indexes, unique-key maps and every derived structure
together (docs/architecture.md#writes).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .api.dispatch import answer_request, status_and_payload
from .dialects import DEFAULT_DIALECT, Dialect
from .entities import KIND_BY_NAME, KINDS
from .errors import DatasetError
from .export import dump_dataset
from .indexes.table_indexes import TableIndexes
from .indexes.unique_keys import UniqueKeys
from .loading.collection import large_batch_collection
from .loading.dataset import build_batch, wall_clock_us
from .timeutil import parse_dataset_time, to_us
from .writes import ChangeSet
from .writes.atomic import interrupts_deferred
from .writes.deletes import plan_delete

Clock = str | dt.datetime | None


def _clock(now: Clock) -> int | None:
    if now is None:
        return None
    if isinstance(now, dt.datetime):
        return to_us(now)
    try:
        return parse_dataset_time(now)
    except ValueError as exc:
        raise DatasetError("now", str(exc)) from None


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A point in a store's history (:meth:`Store.snapshot`), for :meth:`Store.restore`."""

    store: Store
    position: int
    seq: int
    now: int | None
    rng_state: Any


def _inverse(tables: dict[str, dict[str, Any]], changes: ChangeSet, touched: list[str]) -> ChangeSet:
    """The change set that undoes `changes` on `tables` (read before the commit)."""
    undo = ChangeSet()
    for name in touched:
        table, put = tables[name], changes.put.get(name) or {}
        removed = changes.remove.get(name) or set()
        undo.put[name] = {i: table[i] for i in removed} | {i: old for i in put if (old := table.get(i)) is not None}
        undo.remove[name] = {i for i in put if i not in table}
    return undo


class Store:
    """Flows, work pools, work queues, deployments, flow runs and task runs, queryable like Prefect.

    ``now`` freezes the clock used by derived values (``estimated_run_time``,
    lateness, history sums, default ``created``); ``None`` uses the wall
    clock at each request. ``dialect`` is the database whose rules answers
    follow (default SQLite, Prefect's default).
    """

    def __init__(self, now: Clock = None, seed: int | None = None, dialect: Dialect = DEFAULT_DIALECT) -> None:
        #: the database whose rules the store follows (value order, ``like_``, date arithmetic)
        self.dialect = dialect
        #: per kind, records by id
        self.tables: dict[str, dict[str, Any]] = {kind.name: {} for kind in KINDS}
        #: per kind, the indexes the planner may use (each built on first use)
        self.indexes: dict[str, TableIndexes] = {
            kind.name: TableIndexes(kind, self.tables[kind.name], dialect) for kind in KINDS
        }
        #: per table, a counter bumped by every commit that changes it
        self.versions: dict[str, int] = dict.fromkeys(self.tables, 0)
        self._derived: dict[Hashable, Any] = {}
        self._frozen_now = _clock(now)
        self._seq = 0
        self._rng = random.Random(seed)
        #: the inverse of every commit since the oldest open snapshot (None: no snapshot open)
        self._undo: list[ChangeSet] | None = None
        self._snapshots: list[Snapshot] = []

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
        return self._load(dataset, strict, replace=False)

    def upsert(self, dataset: Mapping[str, Any], strict: bool = True) -> dict[str, int]:
        """Add or replace (by id) the records of `dataset`; all or nothing. Returns counts per kind.

        A replaced record keeps its insertion position (its tie-break order).
        """
        return self._load(dataset, strict, replace=True)

    def _load(self, dataset: Mapping[str, Any], strict: bool, replace: bool) -> dict[str, int]:
        with large_batch_collection(dataset):
            changes = build_batch(dataset, self, self.now_us(), self._seq, self._rng, strict, replace)
            self.apply(changes)
        return {kind: len(changes.put[kind]) for kind in KIND_BY_NAME}

    def delete(self, ids_by_kind: Mapping[str, Iterable[Any]]) -> dict[str, int]:
        """Delete records, e.g. ``{"flows": [id, ...]}``, with Prefect's cascades and set-null rules.

        Returns how many records of each kind were removed (cascades
        included). All or nothing: an unknown id raises :class:`DatasetError`.
        """
        changes = plan_delete(self, ids_by_kind)
        self.apply(changes)
        return {kind: len(changes.remove.get(kind, ())) for kind in KIND_BY_NAME}

    # -- the write funnel

    def apply(self, changes: ChangeSet) -> None:
        """Commit a planned change: the one way the store changes.

        Tables, their indexes, unique-key maps and every derived structure
        follow, each in O(log n) or O(1) per changed record, except where a
        structure says otherwise (the history series: pending changes, an
        amortised rebuild). Planners validate everything first, so nothing
        here fails on bad input.
        """
        tables = self.tables
        touched = [name for name in tables if changes.put.get(name) or changes.remove.get(name)]
        if not touched:
            return
        inverse, seq = _inverse(tables, changes, touched), self._seq
        with interrupts_deferred():
            try:
                self._commit(changes, touched)
            except BaseException:
                self._roll_back(inverse, touched, seq)
                raise
        if self._undo is not None:
            self._undo.append(inverse)

    def _commit(self, changes: ChangeSet, touched: list[str]) -> None:
        tables = self.tables
        followers = {name: [self.indexes[name]] for name in touched}
        for structure in self._derived.values():
            for name in getattr(structure, "follows", ()):
                if name in followers:
                    followers[name].append(structure)
        # the old versions leave every structure first, so a unique key can move between records
        for name in touched:
            table, put = tables[name], changes.put.get(name) or {}
            outgoing = [table[i] for i in changes.remove.get(name) or ()]
            outgoing += [old for i in put if (old := table.get(i)) is not None]
            if outgoing:
                for structure in followers[name]:
                    structure.apply(name, outgoing, ())
        for name in touched:
            table = tables[name]
            for record_id in changes.remove.get(name) or ():
                del table[record_id]
            table.update(changes.put.get(name) or {})
            self.versions[name] += 1
        for name in touched:
            incoming = list((changes.put.get(name) or {}).values())
            if incoming:
                for structure in followers[name]:
                    structure.apply(name, (), incoming)
                self._seq = max(self._seq, max(record.seq for record in incoming))

    def _roll_back(self, inverse: ChangeSet, touched: list[str], seq: int) -> None:
        """Undo a commit that failed part-way: tables from `inverse`, their followers dropped (O(changes)).

        Where the commit stopped is unknown, so the tables are set to their
        old records outright, and every structure following them is dropped
        to be rebuilt from them on next use (docs/architecture.md#writes).
        """
        for name in touched:
            table = self.tables[name]
            for record_id in inverse.remove.get(name) or ():
                table.pop(record_id, None)
            table.update(inverse.put.get(name) or {})
            self.indexes[name].built.clear()
            self.versions[name] += 1
        for key in [k for k, s in self._derived.items() if set(getattr(s, "follows", ())) & set(touched)]:
            del self._derived[key]
        self._seq = seq

    def snapshot(self) -> Snapshot:
        """A point to come back to with :meth:`restore`: the records, the clock, the id generator.

        O(1). While a snapshot is open, each commit also keeps its inverse
        (the previous versions of what it changed), so a restore costs
        O(changes since the snapshot), not O(store): a large dataset loaded
        once can serve many tests that each change it a little.
        """
        if self._undo is None:
            self._undo = []
        snapshot = Snapshot(self, len(self._undo), self._seq, self._frozen_now, self._rng.getstate())
        self._snapshots.append(snapshot)
        return snapshot

    def restore(self, snapshot: Snapshot) -> None:
        """Undo every change since `snapshot` (taken on this store); later snapshots become invalid.

        The inverse commits go through :meth:`apply`, so indexes and derived
        structures follow as for any write.
        """
        live = next((i for i, taken in enumerate(self._snapshots) if taken is snapshot), None)
        if live is None or self._undo is None:
            raise ValueError("this snapshot was not taken on this store, or was discarded by an earlier restore")
        del self._snapshots[live + 1 :]
        undo = self._undo
        self._undo = None  # the inverse commits are not journaled
        try:
            while len(undo) > snapshot.position:
                self.apply(undo.pop())
        finally:
            self._undo = undo
        self._seq, self._frozen_now = snapshot.seq, snapshot.now
        self._rng.setstate(snapshot.rng_state)

    def derived(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The derived structure under `key`, built by `build()` on first use (O(n), once).

        A structure with a ``follows`` attribute (table names) is then kept up
        to date by every commit through its ``apply(table, removed, added)``,
        and checked by :meth:`check` through its ``check(tables)``.
        """
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = build()
        return found

    # -- what the loader and the query engine read

    def table(self, kind: str) -> Mapping[str, Any]:
        """Records of one kind by id."""
        return self.tables[kind]

    def unique_owner(self, kind: str, key: tuple) -> str | None:
        """Id of the record holding a unique key of `kind` (flow name, (pool id, queue name), ...)."""
        key_of = KIND_BY_NAME[kind].unique.key_of  # type: ignore[union-attr]
        keys = self.derived(("unique", kind), lambda: UniqueKeys(kind, self.tables[kind].values(), key_of()))
        return keys.owner(key)

    def set_now(self, now: Clock) -> None:
        """Freeze the store's clock at `now` (ISO text or datetime); None returns it to the wall clock.

        Requests answered afterwards see the new instant: replaying a
        recorded sequence of polls with the oracle's ``--clock-step`` moves
        the clock before each request.
        """
        self._frozen_now = _clock(now)

    def now_us(self) -> int:
        """The store's clock in epoch µs: the frozen ``now`` or the wall clock."""
        return self._frozen_now if self._frozen_now is not None else wall_clock_us()

    def __len__(self) -> int:
        return sum(len(t) for t in self.tables.values())

    def counts(self) -> dict[str, int]:
        """Number of records per kind."""
        return {kind: len(t) for kind, t in self.tables.items()}

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """The store's records in the dataset format (Prefect's field names), derived values made explicit.

        ``Store.from_dataset(store.dump())`` holds the same data, and the same
        dataset loads into the oracle or replays against a Prefect server.
        """
        return dump_dataset(self.tables)

    def check(self) -> None:
        """Assert the store's invariants: ids, indexes, derived structures and enforced references consistent.

        O(n log n); meant for tests (like sortedcontainers' ``_check``).
        """
        for kind in KINDS:
            table = self.tables[kind.name]
            assert all(record_id == r.id for record_id, r in table.items()), f"{kind.name}: id keys out of sync"
            self.indexes[kind.name].check()
            for col in kind.references:
                if not col.ref.enforced:  # type: ignore[union-attr]
                    continue
                targets = self.tables[col.ref.target]  # type: ignore[union-attr]
                for record in table.values():
                    value = getattr(record, col.name)
                    assert (value is None and not col.required) or value in targets, (
                        f"{kind.noun} {record.id}: dangling {col.name} {value}"
                    )
        for structure in self._derived.values():
            if hasattr(structure, "check"):
                structure.check(self.tables)

    # -- requests

    def request(
        self,
        path: str,
        body: Any = None,
        method: str = "POST",
        params: Mapping[str, Any] | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Any]:
        """Answer one API request as Prefect would: ``(status, JSON-ready payload)``.

        `path` is the route's path (``flow_runs/filter``, ``/api/flow_runs/filter``),
        optionally with a query string; `body` the decoded JSON body (None = no
        body); `params` query parameters (a mapping or a query string);
        `headers` the request headers that Prefect reads (a client's
        ``User-Agent``, the UI's ``X-Prefect-UI``). Never raises for bad input.
        A poll (``get_runs``, ``get_scheduled_flow_runs``) records its side
        effects in the store, as Prefect does.
        """
        # the Python API takes any case; over HTTP a lower-case method is Prefect's 405 (asgi.py)
        method = method.upper()
        return status_and_payload(lambda: answer_request(self, method, path, body, params, headers))

    def query(
        self,
        path: str,
        body: Any = None,
        method: str = "POST",
        params: Mapping[str, Any] | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Like :meth:`request` but returns the payload and raises a :class:`~runfilter.errors.RequestError`."""
        return answer_request(self, method, path, body, params, headers)[1]
