"""The naive reference engine: every record, every request, read straight off the filter models.

This is runfilter's second, deliberately simple reading of docs/semantics.md
(#combining to #joins-deployments). It shares no code with the condition compiler,
the IR or the planner: each kind's filter class is interpreted per record
(``entities/<kind>/naive.py``), and every cross-kind test scans the related
table (``matches`` in ``entities/<kind>/selection.py``). It is slow on
purpose — it is the baseline of the benchmarks and the oracle of the
metamorphic tests, which check that the planned engine gives the same
answers on every body.
"""

from __future__ import annotations

from typing import Any

from .api.dispatch import answer, status_and_payload
from .api.rendering import RowCache
from .api.route import Context
from .entities import KIND_BY_NAME
from .entities.runs.history import Window, aggregate_runs
from .entities.runs.states import run_state_ids
from .query.selection import Selection
from .query.sorting import Sort, top


class NaiveEngine:
    """Full-scan answers to :class:`~runfilter.query.selection.Selection` questions."""

    def __init__(self, tables: dict[str, dict[str, Any]], dialect: Any) -> None:
        #: the store's tables, by kind
        self.t = tables
        #: the store's dialect (``like_`` matching, value order, date arithmetic)
        self.dialect = dialect

    # -- the engine interface

    def matching(self, sel: Selection) -> list[Any]:
        """Every record the selection matches; O(table × related tables)."""
        given = {k: v for k, v in sel.filters.items() if v is not None}
        matches = KIND_BY_NAME[sel.table].part("selection").matches
        return [
            x
            for x in self.t[sel.table].values()
            if all(getattr(x, name) in values for name, values in sel.match.items()) and matches(self, x, **given)
        ]

    def count(self, sel: Selection) -> int:
        """Number of matching records."""
        return len(self.matching(sel))

    def select(self, sel: Selection, sort: Sort, now: int, offset: int, limit: int | None) -> list[Any]:
        """A sorted page of matching records (full sort)."""
        return [] if limit == 0 else top(self.matching(sel), sort, now, offset, limit, self.dialect)

    def history_aggregate(self, sel: Selection, window: Window) -> Any:
        """History counts and sums per (bucket, state), one pass over the matching runs."""
        return aggregate_runs(self.matching(sel), window, self.dialect.dates)

    def pool_named(self, name: str) -> Any:
        """The work pool called `name`, by scanning."""
        return next((p for p in self.t["work_pools"].values() if p.name == name), None)

    def flow_named(self, name: str) -> Any:
        """The flow called `name`, by scanning."""
        return next((f for f in self.t["flows"].values() if f.name == name), None)

    def deployment_named(self, flow_name: str, name: str) -> Any:
        """The deployment called `name` of a flow called `flow_name`, by scanning."""
        flows = self.t["flows"]
        return next(
            (
                d
                for d in self.t["deployments"].values()
                if d.name == name and d.flow_id in flows and flows[d.flow_id].name == flow_name
            ),
            None,
        )

    def state_owner(self, kind: str, state: str) -> Any:
        """The run of `kind` whose state history holds a state with the id `state`, by scanning."""
        return next((r for r in self.t[kind].values() if state in run_state_ids(r)), None)

    def record(self, kind: str, record_id: str) -> Any:
        """The record of `kind` with that id, by scanning."""
        return next((r for r in self.t[kind].values() if r.id == record_id), None)


def naive_request(
    store: Any, path: str, body: Any = None, method: str = "POST", params: Any = None, headers: Any = None
) -> tuple[int, Any]:
    """Answer a request like :meth:`runfilter.Store.request`, but with the naive engine.

    A request with side effects (a poll) commits them to `store` like the planned engine.
    """

    def context(path_params: dict[str, str], query: dict[str, str], header_map: dict[str, str]) -> Context:
        # no row cache: every row is rendered afresh
        engine = NaiveEngine(store.tables, store.dialect)
        return Context(engine, store.tables, store.now_us(), RowCache(0), path_params, query, header_map, store.apply)

    method = method.upper()
    return status_and_payload(lambda: answer(context, method, path, body, params, headers))
