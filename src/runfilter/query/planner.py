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
from typing import Any

from ..history import Aggregate, aggregate_runs
from ..sorting import Sort, top
from .access import access_path
from .evaluate import Evaluator, FullScan
from .ir import FALSE, TRUE, VANISH, And, Cond
from .selection import Selection

#: Build an id set for a conjunct only if it is at most this many times the current candidates.
_MATERIALISE_RATIO = 8
#: Walking a sort index costs about this fraction of computing a sort key for one candidate.
_WALK_STEP_COST = 0.3


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

    def plan(self, table: str, cond: Cond, ev: Evaluator) -> Plan:
        """The access plan for `cond` on `table`."""
        if cond is TRUE or cond is VANISH:
            return Plan(None, [])
        if cond is FALSE:
            return Plan(set(), [])
        conjuncts = list(cond.children) if isinstance(cond, And) else [cond]
        paths = []
        residual: list[Cond] = []
        for conjunct in conjuncts:
            path = access_path(table, conjunct, self.indexes, ev)
            if path is None:
                residual.append(conjunct)
            else:
                paths.append((path.estimate, len(paths), path, conjunct))
        paths.sort(key=lambda p: p[:2])
        ids: Collection[str] | None = None
        for estimate, _, path, conjunct in paths:
            if ids is None:
                ids = path.ids()
            elif not ids:
                break
            elif estimate <= _MATERIALISE_RATIO * len(ids):
                other = path.ids()
                ids = ids & other if isinstance(ids, set) else set(ids) & set(other)  # type: ignore[operator]
            else:
                residual.append(conjunct)
        return Plan(ids, residual)

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
        indexes = getattr(store, "indexes", None)
        self.planner = IndexPlanner(indexes) if indexes is not None else None
        self.evaluator = Evaluator(store.tables, self.planner or FullScan(store.tables))

    def _plan(self, sel: Selection) -> tuple[Cond, Plan]:
        cond = sel.compile()
        if self.planner is None:
            return cond, Plan(None, [] if cond in (TRUE, VANISH) else [cond])
        return cond, self.planner.plan(sel.table, cond, self.evaluator)

    def matching(self, sel: Selection) -> list[Any]:
        """Every record the selection matches (any order)."""
        return self.evaluator.matching(sel.table, sel.compile())

    def count(self, sel: Selection) -> int:
        """How many records the selection matches; O(1) after planning when the plan is exact."""
        _cond, plan = self._plan(sel)
        if plan.exact:
            return len(self.store.tables[sel.table]) if plan.ids is None else len(plan.ids)
        return len(self._filtered(sel.table, plan))

    def _filtered(self, table: str, plan: Plan) -> list[Any]:
        records = self.store.tables[table]
        rows = records.values() if plan.ids is None else [records[i] for i in plan.ids]
        if plan.exact:
            return list(rows)
        check = self.evaluator.predicate(And(tuple(plan.residual)) if len(plan.residual) > 1 else plan.residual[0])
        return [r for r in rows if check(r)]

    def select(self, sel: Selection, sort: Sort, now: int, offset: int, limit: int | None) -> list[Any]:
        """The page ``[offset, offset+limit)`` of matching records in `sort` order."""
        if limit == 0:
            return []
        _cond, plan = self._plan(sel)
        records = self.store.tables[sel.table]
        table_size = len(records)
        candidates = table_size if plan.ids is None else len(plan.ids)
        wanted = None if limit is None else offset + limit
        index_name = f"<{sort.field}" if sort.field else None
        ix = self.store.indexes[sel.table] if self.planner is not None else None
        if (
            wanted is not None
            and candidates
            and ix is not None
            and index_name
            and ix.has(index_name)
            and _walk_is_cheaper(wanted, table_size, candidates)
        ):
            return self._walk(ix.get(index_name), sort, plan, records, offset, wanted)
        return top(self._filtered(sel.table, plan), sort, now, offset, limit)

    def _walk(self, index: Any, sort: Sort, plan: Plan, records: dict[str, Any], offset: int, wanted: int) -> list[Any]:
        ids = plan.ids
        check = (
            None
            if plan.exact
            else self.evaluator.predicate(And(tuple(plan.residual)) if len(plan.residual) > 1 else plan.residual[0])
        )
        out: list[Any] = []
        for record_id in index.descending() if sort.descending else index.ascending():
            if ids is not None and record_id not in ids:
                continue
            record = records[record_id]
            if check is not None and not check(record):
                continue
            out.append(record)
            if len(out) == wanted:
                break
        return out[offset:]

    def history_aggregate(
        self, sel: Selection, start_us: int, end_us: int, count: int, seconds_per_bucket: float, now_us: int
    ) -> Aggregate:
        """History counts and sums per (bucket, state) for the selection.

        Without filters the store's per-state series answer by bisection
        (O(states × buckets × log n) plus the runs that depend on "now");
        otherwise the matching runs are aggregated in one pass.
        """
        if not any(v is not None for v in sel.filters.values()) and hasattr(self.store, "history_series"):
            series = self.store.history_series(sel.table)
            return series.aggregate(start_us, end_us, count, seconds_per_bucket, now_us)
        return aggregate_runs(self.matching(sel), start_us, end_us, count, seconds_per_bucket, now_us)

    def pool_named(self, name: str) -> Any:
        """The work pool called `name`, or None."""
        pool_id = self.store.unique_owner("work_pools", (name,))
        return None if pool_id is None else self.store.tables["work_pools"][pool_id]


def _walk_is_cheaper(wanted: int, table_size: int, candidates: int) -> bool:
    # walking visits about wanted × table_size / candidates index entries;
    # the heap computes a sort key for every candidate
    return wanted * table_size / candidates * _WALK_STEP_COST < candidates
