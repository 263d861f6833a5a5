"""The planner and the per-request query engine.

A selection compiles to one IR condition. The planner splits it into its
top-level conjuncts, asks :func:`~runfilter.query.access.access_path` which
of them an index can answer and how many ids each would give, and
intersects the cheapest exact id sets first. Conjuncts it does not use stay
as a residual predicate, checked per candidate. A plan is *exact* when no
residual is left: counts are then ``len(ids)`` without touching a record.

For a sorted page, the engine chooses between walking the sort key's index
in order with early exit (cheap when matches are common) and ``heapq``
top-k over the candidates (cheap when they are few), by estimated cost.
Results are identical to the naive engine's by construction: every path is
exact, every residual is the compiled predicate; the metamorphic tests
check it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..entities import LINKS
from ..entities.runs.history import Aggregate, Window, aggregate_runs
from ..indexes.group_counts import GroupCounts
from ..indexes.history_series import HistorySeries
from ..indexes.join_counts import JoinCounts
from ..indexes.state_ids import StateIds
from .access import Access, access_path
from .dependencies import fields_read
from .evaluate import Evaluator, FullScan
from .ir import FALSE, TRUE, VANISH, And, Cond, In, Range, Related
from .selection import Selection
from .sorting import Sort, top

#: Build an id set for a further conjunct only if it is at most this many times the current candidates;
#: otherwise checking that conjunct on each candidate is cheaper.
_MATERIALISE_RATIO = 1.5
#: Relative costs (µs) of: one step of an index walk that tests the full predicate, computing one
#: heap sort key, and putting one id into a set.
_WALK_STEP = 0.4
_HEAP_KEY = 1.0
_SET_ID = 0.06
#: A walk chosen by estimate may take at least this many steps before the engine switches strategy.
_MIN_WALK_BUDGET = 2_000
#: Count by grouping on at most this many fields, when there are at most 1/_GROUP_SHARE as many groups as rows.
_GROUP_FIELDS = 3
_GROUP_SHARE = 20


@dataclass
class Plan:
    """Candidate ids (None = every record) and the conjuncts still to check per record."""

    ids: Collection[str] | None
    residual: list[Cond]

    @property
    def exact(self) -> bool:
        """No residual: the ids are the answer."""
        return not self.residual


class IndexPlanner:
    """Chooses index access paths for conditions (a :class:`~runfilter.query.evaluate.CandidateSource`)."""

    def __init__(self, indexes: dict[str, Any]) -> None:
        self.indexes = indexes

    def paths(self, table: str, cond: Cond, ev: Evaluator) -> tuple[list[tuple[Access, Cond]], list[Cond]]:
        """Index paths of the conjuncts (cheapest first) and the conjuncts no index answers.

        Nested ANDs are flattened, and the bounds of one field merged into one
        range (``before_`` and ``after_`` compile to two half-open ranges), so
        a bounded window is one cheap index path wherever it sits in the filter.
        """
        conjuncts = _merged_ranges(_flat_conjuncts(cond))
        paths, residual = [], []
        for conjunct in conjuncts:
            path = access_path(table, conjunct, self.indexes, ev)
            if path is None:
                residual.append(conjunct)
            else:
                paths.append((path, conjunct))
        paths.sort(key=lambda p: p[0].estimate)
        return paths, residual

    def plan(self, table: str, cond: Cond, ev: Evaluator) -> Plan:
        """The access plan for `cond` on `table`: intersect cheap exact id sets, keep the rest as residual."""
        if cond is TRUE or cond is VANISH:
            return Plan(None, [])
        if cond is FALSE:
            return Plan(set(), [])
        return self.plan_from(*self.paths(table, cond, ev))

    @staticmethod
    def plan_from(paths: list[tuple[Access, Cond]], residual: list[Cond]) -> Plan:
        """The plan for already computed :meth:`paths` (cheapest first); `residual` is not modified."""
        residual = list(residual)
        ids: Collection[str] | None = None
        for path, conjunct in paths:
            if ids is None:
                ids = path.ids()
            elif not ids:
                break
            elif path.estimate <= _MATERIALISE_RATIO * len(ids):
                ids = _intersect(ids, path.ids())
            else:
                residual.append(conjunct)
        return Plan(ids, residual)

    @staticmethod
    def estimate_from(table_size: int, paths: list[tuple[Access, Cond]], residual: list[Cond]) -> float:
        """Expected number of matches, assuming independent conjuncts (unknown ones halve it)."""
        size = max(table_size, 1)
        matches = float(size)
        for path, _ in paths:
            matches *= min(path.estimate, size) / size
        return matches * 0.5 ** len(residual)

    def candidates(self, table: str, cond: Cond, ev: Evaluator) -> tuple[Iterable[Any], bool]:
        """Records that may satisfy `cond`, and whether they exactly do."""
        plan = self.plan(table, cond, ev)
        records = ev.tables[table]
        if plan.ids is None:
            return records.values(), plan.exact
        return [records[i] for i in plan.ids], plan.exact


class QueryEngine:
    """Answers "which records match" questions for one request against one store.

    Holds one evaluator, so semi-join sets computed for one part of a request
    are reused by the others.
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        #: the store's dialect (value order, ``like_``, date arithmetic)
        self.dialect = store.dialect
        indexes = getattr(store, "indexes", None)
        self.planner = IndexPlanner(indexes) if indexes is not None else None
        self.evaluator = Evaluator(store.tables, self.dialect, self.planner or FullScan(store.tables))

    def _plan(self, sel: Selection) -> tuple[Cond, Plan]:
        cond = sel.compile()
        if self.planner is None:
            return cond, Plan(None, [] if cond in (TRUE, VANISH) else [cond])
        return cond, self.planner.plan(sel.table, cond, self.evaluator)

    def matching(self, sel: Selection) -> list[Any]:
        """Every record the selection matches (any order)."""
        return self.evaluator.matching(sel.table, sel.compile())

    def count(self, sel: Selection) -> int:
        """How many records the selection matches.

        Join and group counts first; then a single condition answered by
        disjoint postings is counted from their sizes, without building a set;
        an exact plan is ``len(ids)``.
        """
        cond = sel.compile()
        joined = self._join_count(cond)
        if joined is not None:
            return joined
        grouped = self._group_count(sel.table, cond)
        if grouped is not None:
            return grouped
        if self.planner is None or cond in (TRUE, VANISH, FALSE):
            _cond, plan = self._plan(sel)
        else:
            paths, residual = self.planner.paths(sel.table, cond, self.evaluator)
            if not residual and len(paths) == 1 and paths[0][0].exact_size:
                return paths[0][0].estimate
            plan = self.planner.plan_from(paths, residual)
        if plan.exact:
            return len(self.store.tables[sel.table]) if plan.ids is None else len(plan.ids)
        return len(self._filtered(sel.table, plan))

    def _join_count(self, cond: Cond) -> int | None:
        # "records whose linked target has field in values": one lookup per value in the store's
        # join counts, when the condition is exactly that (e.g. task runs of FAILED flow runs)
        if not (isinstance(cond, Related) and isinstance(cond.cond, In)):
            return None
        link, field = LINKS[cond.link], cond.cond.field
        if link.many or field == "id" or not self.store.indexes[link.target].has(f"={field}"):
            return None
        counts = self.store.derived(
            ("join_counts", cond.link, field), lambda: JoinCounts(link, field, self.store.tables)
        )
        return counts.total(cond.cond.values)

    def _group_count(self, table: str, cond: Cond) -> int | None:
        # count by groups of the few fields the condition reads, when there are few such groups
        if cond in (TRUE, VANISH, FALSE):
            return None
        fields = fields_read(cond)
        if not fields or len(fields) > _GROUP_FIELDS:
            return None
        key = tuple(sorted(fields))
        records = self.store.tables[table]
        groups = self.store.derived(("group_counts", table, key), lambda: GroupCounts(table, records.values(), key))
        if len(groups) * _GROUP_SHARE > len(self.store.tables[table]):
            return None
        return groups.count(self.evaluator.predicate(cond))

    def _filtered(self, table: str, plan: Plan) -> list[Any]:
        records = self.store.tables[table]
        rows = records.values() if plan.ids is None else [records[i] for i in plan.ids]
        if plan.exact:
            return list(rows)
        check = self.evaluator.predicate(_conjoin(plan.residual))
        return [r for r in rows if check(r)]

    def select(self, sel: Selection, sort: Sort, now: int, offset: int, limit: int | None) -> list[Any]:
        """The page ``[offset, offset+limit)`` of matching records in `sort` order.

        With a sort index and a limit, three strategies are costed: walk the
        index testing the whole predicate (no sets built; best when matches
        are common), build the candidate set and walk the index over it, or
        build it and take a heap top-k (best when candidates are few).
        """
        if limit == 0:
            return []
        cond = sel.compile()
        records = self.store.tables[sel.table]
        ix = self.store.indexes[sel.table] if self.planner is not None else None
        index_name = f"<{sort.field}" if sort.field else None
        if cond is FALSE:
            return []
        if limit is not None and ix is not None and index_name and ix.has(index_name):
            planner = self.planner
            assert planner is not None  # ix is only set when there is a planner
            wanted = offset + limit
            n = max(len(records), 1)
            # no filter (TRUE): no paths, every record matches; the walk returns the first page directly
            paths, residual = ([], []) if cond in (TRUE, VANISH) else planner.paths(sel.table, cond, self.evaluator)
            matches = max(planner.estimate_from(n, paths, residual), 1.0)
            walk_all = min(wanted * n / matches, n) * _WALK_STEP
            build = sum(p.work for p, _ in paths[:2]) * _SET_ID if paths else n * _WALK_STEP
            by_candidates = build + min(matches * _HEAP_KEY, min(wanted * n / matches, n) * _WALK_STEP / 2)
            window = _sort_window(paths, sort.field)
            if walk_all <= by_candidates:
                # estimates assume independent conditions; when they are correlated with the
                # sort order (SCHEDULED runs are the ones with a next start), the walk can run
                # much longer: give it the other strategy's budget, then switch
                check = self.evaluator.predicate(cond)
                budget = max(int(by_candidates / _WALK_STEP), _MIN_WALK_BUDGET)
                page = self._walk(ix.get(index_name), sort, window, None, check, records, offset, wanted, budget)
                if page is not None:
                    return page
            plan = planner.plan_from(paths, residual)
            candidates = n if plan.ids is None else len(plan.ids)
            if candidates and wanted * n / candidates * _WALK_STEP / 2 < candidates * _HEAP_KEY:
                check = None if plan.exact else self.evaluator.predicate(_conjoin(plan.residual))
                return self._walk(ix.get(index_name), sort, window, plan.ids, check, records, offset, wanted)
            return top(self._filtered(sel.table, plan), sort, now, offset, limit, self.dialect)
        _cond, plan = self._plan(sel)
        return top(self._filtered(sel.table, plan), sort, now, offset, limit, self.dialect)

    def _walk(
        self,
        index: Any,
        sort: Sort,
        window: Range | None,
        ids: Collection[str] | None,
        check: Any,
        records: dict[str, Any],
        offset: int,
        wanted: int,
        budget: int | None = None,
    ) -> list[Any] | None:
        """Records in index order that are in `ids` (if given) and pass `check` (if given), up to `wanted`.

        A `window` (the filter's range on the sort field) starts and ends the
        walk at its bounds: records outside it, NULLs included, cannot match.
        With a `budget`, gives up (None) after that many steps.
        """
        out: list[Any] = []
        if window is not None:
            order = index.in_order(window.low, window.high, sort.descending)
        else:
            order = index.descending() if sort.descending else index.ascending()
        if budget is not None and budget < len(index):
            order = islice(order, budget)
        else:
            budget = None
        for record_id in order:
            if ids is not None and record_id not in ids:
                continue
            record = records[record_id]
            if check is not None and not check(record):
                continue
            out.append(record)
            if len(out) == wanted:
                break
        else:
            if budget is not None:  # the budget ran out before the page was full (or just as the index did)
                return None
        return out[offset:]

    def history_aggregate(self, sel: Selection, window: Window) -> Aggregate:
        """History counts and sums per (bucket, state) for the selection.

        Without filters the store's per-state series answer by bisection
        (O(states × buckets × log n) plus the runs that depend on "now");
        otherwise the matching runs are aggregated in one pass.
        """
        if not any(v is not None for v in sel.filters.values()) and not sel.match:
            records, dates = self.store.tables[sel.table], self.dialect.dates
            series = self.store.derived(("history", sel.table), lambda: HistorySeries(sel.table, records, dates))
            return series.aggregate(window)
        return aggregate_runs(self.matching(sel), window, self.dialect.dates)

    def pool_named(self, name: str) -> Any:
        """The work pool called `name`, or None."""
        return self._owner("work_pools", (name,))

    def flow_named(self, name: str) -> Any:
        """The flow called `name`, or None."""
        return self._owner("flows", (name,))

    def deployment_named(self, flow_name: str, name: str) -> Any:
        """The deployment called `name` of the flow called `flow_name`, or None."""
        flow = self.flow_named(flow_name)
        return None if flow is None else self._owner("deployments", (flow.id, name))

    def record(self, kind: str, record_id: str) -> Any:
        """The record of `kind` with that (canonical) id, or None."""
        return self.store.tables[kind].get(record_id)

    def state_owner(self, kind: str, state: str) -> Any:
        """The run of `kind` whose state history holds a state with the id `state`, or None (a kept map; O(1))."""
        table = self.store.tables[kind]
        owners = self.store.derived(("state_ids", kind), lambda: StateIds(kind, table.values()))
        run_id = owners.owner(state)
        return None if run_id is None else table[run_id]

    def _owner(self, kind: str, key: tuple) -> Any:
        record_id = self.store.unique_owner(kind, key)
        return None if record_id is None else self.store.tables[kind][record_id]


def _sort_window(paths: list[tuple[Access, Cond]], field: str | None) -> Range | None:
    """The top-level range on the sort field, if the filter has one (ranges are merged per field)."""
    for _path, conjunct in paths:
        if isinstance(conjunct, Range) and conjunct.field == field:
            return conjunct
    return None


def _flat_conjuncts(cond: Cond) -> list[Cond]:
    """The conjuncts of `cond`, nested ANDs flattened (AND is associative)."""
    if not isinstance(cond, And):
        return [cond]
    return [part for child in cond.children for part in _flat_conjuncts(child)]


def _merged_ranges(conjuncts: list[Cond]) -> list[Cond]:
    """`conjuncts` with the ranges on one field merged into their intersection (at the first one's place)."""
    if sum(isinstance(c, Range) for c in conjuncts) < 2:
        return conjuncts
    merged: dict[str, Range] = {}
    for c in conjuncts:
        if isinstance(c, Range):
            seen = merged.get(c.field)
            if seen is None:
                merged[c.field] = c
            else:
                low = c.low if seen.low is None else seen.low if c.low is None else max(seen.low, c.low)
                high = c.high if seen.high is None else seen.high if c.high is None else min(seen.high, c.high)
                merged[c.field] = Range(c.field, low, high)
    out: list[Cond] = []
    for c in conjuncts:
        if not isinstance(c, Range):
            out.append(c)
        elif merged.get(c.field) is not None:
            out.append(merged.pop(c.field))
    return out


def _intersect(a: Collection[str], b: Collection[str]) -> set[str]:
    # set & set runs in C over the smaller side; other collections become sets first
    a = a if isinstance(a, (set, frozenset)) else set(a)
    return a & b if isinstance(b, (set, frozenset)) else a.intersection(b)


def _conjoin(conds: list[Cond]) -> Cond:
    return conds[0] if len(conds) == 1 else And(tuple(conds))
