"""The naive reference engine: every record, every request, read straight off the filter models.

This is runfilter's second, deliberately simple reading of
docs/semantics.md (#combining to #joins-deployments). It shares no code with the compiler, the IR or
the planner: each filter class is interpreted per record, and every
cross-entity test scans the related table. It is slow on purpose — it is the
baseline of the benchmarks and the oracle of the metamorphic tests, which
check that the planned engine gives the same answers on every body.

A filter object is evaluated to ``True``/``False``, or to :data:`EMPTY`
(no active condition: Prefect's ``sa.true()``) or :data:`GONE` (only
``startswith_: []``, which renders as nothing at all).
"""

from __future__ import annotations

from typing import Any

from . import filters as f
from .api.dispatch import answer, status_and_payload
from .api.route import Context
from .entities.work_queues.slots import active_slots
from .history import aggregate_runs
from .query.selection import Selection
from .query.sorting import Sort, top
from .responses import Renderer
from .timeutil import has_unusable_offset, to_us

EMPTY = "EMPTY"
GONE = "GONE"


def _join(results: list[Any], use_or: bool) -> Any:
    """Combine sub-results like SQL AND/OR, with EMPTY = TRUE and GONE = absent."""
    if not results:
        return EMPTY
    present = [r for r in results if r is not GONE]
    if not present:
        return GONE
    truths = [True if r is EMPTY else r for r in present]
    return any(truths) if use_or else all(truths)


def _op(model: Any, results: list[Any]) -> Any:
    return _join(results, model.operator is f.Operator.or_)


def _leaf(results: list[Any]) -> Any:
    return _join(results, use_or=False)


def _truth(result: Any) -> bool:
    """A WHERE clause: EMPTY and GONE both mean "no condition"."""
    return True if result in (EMPTY, GONE) else bool(result)


def _like(dialect: Any, value: Any, text: str, prefix: bool = False) -> bool:
    return value is not None and dialect.like_matcher(f"{text}%" if prefix else f"%{text}%")(value)


def _in(value: Any, options: list | None) -> list[bool]:
    return [] if options is None else [value is not None and value in {str(o) for o in options}]


def _not_in(value: Any, options: list | None) -> list[bool]:
    return [value is not None and value not in {str(o) for o in options}] if options else []


def _ids(value: Any, m: Any) -> Any:
    """An id filter (``any_`` / ``not_any_``) on one record's id."""
    return _leaf(_in(value, m.any_) + _not_in(value, m.not_any_))


def _names(dialect: Any, value: Any, m: Any) -> Any:
    """A name filter (``any_`` / ``like_``; an empty ``like_`` is ignored) on one record's name."""
    return _leaf(_in(value, m.any_) + ([_like(dialect, value, m.like_)] if m.like_ else []))


def _time(value: Any, before: Any, after: Any) -> list[bool]:
    def bound(when: Any) -> int:
        # A ±24:00 offset: the endpoint has already answered Prefect's 500 unless an or_ folds this
        # condition away (endpoints._bind_request_datetimes), so any stand-in will do here.
        return 0 if has_unusable_offset(when) else to_us(when)

    out = []
    if before is not None:
        out.append(value is not None and value <= bound(before))
    if after is not None:
        out.append(value is not None and value >= bound(after))
    return out


def _is_null(value: Any, flag: bool | None) -> list[bool]:
    return [] if flag is None else [(value is None) == flag]


def _tags(tags: tuple, model: Any) -> list[bool]:
    out = []
    if model.all_:
        out.append(all(t in tags for t in model.all_))
    if getattr(model, "any_", None) is not None:
        out.append(any(t in tags for t in model.any_))
    if model.is_null_ is not None:
        out.append((len(tags) == 0) == model.is_null_)
    return out


def _states(values: Any) -> list | None:
    return None if values is None else [v.value for v in values]


class NaiveEngine:
    """Full-scan answers to :class:`~runfilter.query.selection.Selection` questions."""

    def __init__(self, tables: dict[str, dict[str, Any]], dialect: Any) -> None:
        self.t = tables
        #: the store's dialect (``like_`` matching, value order, date arithmetic)
        self.dialect = dialect

    # -- one filter class at a time, per record

    def flow(self, w: Any, m: f.FlowFilter) -> Any:
        """Evaluate a ``FlowFilter`` on one flow: True, False, EMPTY or GONE."""
        parts = []
        if m.id is not None:
            parts.append(_ids(w.id, m.id))
        if m.deployment is not None:
            sub = []
            if m.deployment.is_null_ is not None:
                has = any(d.flow_id == w.id for d in self.t["deployments"].values())
                sub.append(has != m.deployment.is_null_)
            parts.append(_op(m.deployment, sub))
        if m.name is not None:
            parts.append(_names(self.dialect, w.name, m.name))
        if m.tags is not None:
            parts.append(_op(m.tags, _tags(w.tags, m.tags)))
        return _op(m, parts)

    def flow_run(self, r: Any, m: f.FlowRunFilter) -> Any:
        """Evaluate a ``FlowRunFilter`` on one flow run."""
        parts = []
        if m.id is not None:
            parts.append(_ids(r.id, m.id))
        if m.name is not None:
            parts.append(_names(self.dialect, r.name, m.name))
        if m.tags is not None:
            parts.append(_op(m.tags, _tags(r.tags, m.tags)))
        if m.deployment_id is not None:
            d = m.deployment_id
            parts.append(_op(d, _in(r.deployment_id, d.any_) + _is_null(r.deployment_id, d.is_null_)))
        if m.work_queue_name is not None:
            q = m.work_queue_name
            parts.append(_op(q, _in(r.work_queue_name, q.any_) + _is_null(r.work_queue_name, q.is_null_)))
        if m.state is not None:
            parts.append(self._state(r, m.state, with_not_any=True))
        if m.flow_version is not None:
            parts.append(_leaf(_in(r.flow_version, m.flow_version.any_)))
        if m.start_time is not None:
            s = m.start_time
            coalesced = r.start_time if r.start_time is not None else r.expected_start_time
            parts.append(_leaf(_time(coalesced, s.before_, s.after_) + _is_null(r.start_time, s.is_null_)))
        if m.end_time is not None:
            e = m.end_time
            parts.append(_leaf(_time(r.end_time, e.before_, e.after_) + _is_null(r.end_time, e.is_null_)))
        if m.expected_start_time is not None:
            e = m.expected_start_time
            parts.append(_leaf(_time(r.expected_start_time, e.before_, e.after_)))
        if m.next_scheduled_start_time is not None:
            e = m.next_scheduled_start_time
            parts.append(_leaf(_time(r.next_scheduled_start_time, e.before_, e.after_)))
        if m.parent_flow_run_id is not None:
            p = m.parent_flow_run_id
            sub = []
            if p.any_ is not None:
                parent = self.t["task_runs"].get(r.parent_task_run_id) if r.parent_task_run_id else None
                sub.append(parent is not None and parent.flow_run_id in {str(x) for x in p.any_})
            parts.append(_op(p, sub))
        if m.parent_task_run_id is not None:
            p = m.parent_task_run_id
            parts.append(_op(p, _in(r.parent_task_run_id, p.any_) + _is_null(r.parent_task_run_id, p.is_null_)))
        if m.idempotency_key is not None:
            k = m.idempotency_key
            parts.append(_leaf(_in(r.idempotency_key, k.any_) + _not_in(r.idempotency_key, k.not_any_)))
        if m.created_by is not None:
            c, who = m.created_by, r.created_by
            sub = []
            if c.id_ is not None:
                sub.append(who is not None and who.get("id") in {str(x) for x in c.id_})
            if c.type_ is not None:
                sub.append(who is not None and who.get("type") in c.type_)
            sub += _is_null(who, c.is_null_)
            parts.append(_op(c, sub))
        return _op(m, parts)

    def _state(self, r: Any, s: Any, with_not_any: bool) -> Any:
        sub = []
        if s.type is not None:
            checks = _in(r.state_type, _states(s.type.any_))
            if with_not_any:
                checks += _not_in(r.state_type, _states(s.type.not_any_))
            if checks:  # a type/name sub-filter without conditions is skipped here
                sub.append(_leaf(checks))
        if s.name is not None:
            checks = _in(r.state_name, s.name.any_)
            if with_not_any:
                checks += _not_in(r.state_name, s.name.not_any_)
            if checks:
                sub.append(_leaf(checks))
        return _op(s, sub)

    def task_run(self, t: Any, m: f.TaskRunFilter) -> Any:
        """Evaluate a ``TaskRunFilter`` on one task run."""
        parts = []
        if m.id is not None:
            parts.append(_leaf(_in(t.id, m.id.any_)))
        if m.name is not None:
            parts.append(_names(self.dialect, t.name, m.name))
        if m.tags is not None:
            parts.append(_op(m.tags, _tags(t.tags, m.tags)))
        if m.state is not None:
            parts.append(self._state(t, m.state, with_not_any=False))
        if m.start_time is not None:
            s = m.start_time
            parts.append(_leaf(_time(t.start_time, s.before_, s.after_) + _is_null(t.start_time, s.is_null_)))
        if m.end_time is not None:
            e = m.end_time
            parts.append(_leaf(_time(t.end_time, e.before_, e.after_) + _is_null(t.end_time, e.is_null_)))
        if m.expected_start_time is not None:
            e = m.expected_start_time
            parts.append(_leaf(_time(t.expected_start_time, e.before_, e.after_)))
        if m.subflow_runs is not None:
            sub = []
            if m.subflow_runs.exists_ is not None:
                has = any(r.parent_task_run_id == t.id for r in self.t["flow_runs"].values())
                sub.append(has == m.subflow_runs.exists_)
            parts.append(_leaf(sub))
        if m.flow_run_id is not None:
            q = m.flow_run_id
            if q.is_null_ is True:
                sub = [t.flow_run_id is None]
            elif q.is_null_ is False and q.any_ is None:
                sub = [t.flow_run_id is not None]
            else:
                sub = _in(t.flow_run_id, q.any_)
            parts.append(_op(q, sub))
        return _op(m, parts)

    def deployment(self, d: Any, m: f.DeploymentFilter) -> Any:
        """Evaluate a ``DeploymentFilter`` on one deployment."""
        parts = []
        if m.id is not None:
            parts.append(_ids(d.id, m.id))
        if m.name is not None:
            parts.append(_names(self.dialect, d.name, m.name))
        if m.flow_or_deployment_name is not None:
            text = m.flow_or_deployment_name.like_
            sub = []
            if text:
                flow = self.t["flows"].get(d.flow_id)
                on_flow = flow is not None and _like(self.dialect, flow.name, text)
                sub.append(_like(self.dialect, d.name, text) or on_flow)
            parts.append(_leaf(sub))
        if m.paused is not None:
            parts.append(_leaf([] if m.paused.eq_ is None else [d.paused == m.paused.eq_]))
        if m.tags is not None:
            parts.append(_op(m.tags, _tags(d.tags, m.tags)))
        if m.work_queue_name is not None:
            parts.append(_leaf(_in(d.work_queue_name, m.work_queue_name.any_)))
        return _op(m, parts)  # concurrency_limit: accepted, ignored

    def work_pool(self, p: Any, m: f.WorkPoolFilter) -> Any:
        """Evaluate a ``WorkPoolFilter`` on one work pool."""
        parts = []
        if m.id is not None:
            parts.append(_leaf(_in(p.id, m.id.any_)))
        if m.name is not None:
            parts.append(_leaf(_in(p.name, m.name.any_)))
        if m.type is not None:
            parts.append(_leaf(_in(p.type, m.type.any_)))
        return _op(m, parts)

    def work_queue(self, q: Any, m: f.WorkQueueFilter) -> Any:
        """Evaluate a ``WorkQueueFilter`` on one work queue."""
        parts = []
        if m.id is not None:
            parts.append(_leaf(_in(q.id, m.id.any_)))
        if m.name is not None:
            sub: list[Any] = _in(q.name, m.name.any_)
            if m.name.startswith_ is not None:
                sub.append(
                    any(_like(self.dialect, q.name, p, prefix=True) for p in m.name.startswith_)
                    if m.name.startswith_
                    else GONE
                )
            parts.append(_leaf(sub))
        return _op(m, parts)

    # -- related records (None when the reference dangles)

    def _pool_of_queue(self, queue_id: Any) -> Any:
        queue = self.t["work_queues"].get(queue_id) if queue_id else None
        return None if queue is None else self.t["work_pools"].get(queue.work_pool_id)

    def _run_ok(
        self, r: Any, flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None, work_queues=None
    ) -> bool:
        """A flow run satisfies every given filter, each related record existing (docs/semantics.md#joins-flow-runs)."""
        if flow_runs is not None and not _truth(self.flow_run(r, flow_runs)):
            return False
        if deployments is not None:
            d = self.t["deployments"].get(r.deployment_id) if r.deployment_id else None
            if d is None or not _truth(self.deployment(d, deployments)):
                return False
        if work_pools is not None:
            pool = self._pool_of_queue(r.work_queue_id)
            if pool is None or not _truth(self.work_pool(pool, work_pools)):
                return False
        if work_queues is not None:
            q = self.t["work_queues"].get(r.work_queue_id) if r.work_queue_id else None
            if q is None or not _truth(self.work_queue(q, work_queues)):
                return False
        if flows is not None:
            w = self.t["flows"].get(r.flow_id)
            if w is None or not _truth(self.flow(w, flows)):
                return False
        if task_runs is not None:
            if not any(
                t.flow_run_id == r.id and _truth(self.task_run(t, task_runs)) for t in self.t["task_runs"].values()
            ):
                return False
        return True

    def _matches(self, table: str, x: Any, given: dict[str, Any]) -> bool:
        if table == "flow_runs":
            return self._run_ok(x, **given)
        if table == "task_runs":
            if given.get("task_runs") is not None and not _truth(self.task_run(x, given["task_runs"])):
                return False
            run_filters = {k: given.get(k) for k in ("flows", "flow_runs", "deployments")}
            if all(v is None for v in run_filters.values()):
                return True
            run = self.t["flow_runs"].get(x.flow_run_id) if x.flow_run_id else None
            return run is not None and self._run_ok(run, **run_filters)
        if table == "flows":
            if given.get("flows") is not None and not _truth(self.flow(x, given["flows"])):
                return False
            deps, pools = given.get("deployments"), given.get("work_pools")
            if deps is not None or pools is not None:
                if not any(
                    self._deployment_side(d, deps, pools, None)
                    for d in self.t["deployments"].values()
                    if d.flow_id == x.id
                ):
                    return False
            runs, tasks = given.get("flow_runs"), given.get("task_runs")
            if runs is not None or tasks is not None:
                if not any(
                    self._run_ok(r, flow_runs=runs, task_runs=tasks)
                    for r in self.t["flow_runs"].values()
                    if r.flow_id == x.id
                ):
                    return False
            return True
        if table == "deployments":
            if given.get("deployments") is not None and not _truth(self.deployment(x, given["deployments"])):
                return False
            if given.get("flows") is not None:
                w = self.t["flows"].get(x.flow_id)
                if w is None or not _truth(self.flow(w, given["flows"])):
                    return False
            runs, tasks = given.get("flow_runs"), given.get("task_runs")
            if runs is not None or tasks is not None:
                if not any(
                    self._run_ok(r, flow_runs=runs, task_runs=tasks)
                    for r in self.t["flow_runs"].values()
                    if r.deployment_id == x.id
                ):
                    return False
            pools, queues = given.get("work_pools"), given.get("work_queues")
            return (pools is None and queues is None) or self._deployment_side(x, None, pools, queues)
        if table == "work_pools":
            return given.get("work_pools") is None or _truth(self.work_pool(x, given["work_pools"]))
        return given.get("work_queues") is None or _truth(self.work_queue(x, given["work_queues"]))

    def _deployment_side(self, d: Any, deps: Any, pools: Any, queues: Any) -> bool:
        """One deployment satisfies `deps` and, through its own work queue, `queues` and `pools`."""
        if deps is not None and not _truth(self.deployment(d, deps)):
            return False
        if pools is None and queues is None:
            return True
        q = self.t["work_queues"].get(d.work_queue_id) if d.work_queue_id else None
        if q is None or (queues is not None and not _truth(self.work_queue(q, queues))):
            return False
        if pools is not None:
            pool = self.t["work_pools"].get(q.work_pool_id)
            return pool is not None and _truth(self.work_pool(pool, pools))
        return True

    # -- the engine interface

    def matching(self, sel: Selection) -> list[Any]:
        """Every record the selection matches; O(table × related tables)."""
        given = {k: v for k, v in sel.filters.items() if v is not None}
        return [
            x
            for x in self.t[sel.table].values()
            if all(getattr(x, name) in values for name, values in sel.match.items())
            and self._matches(sel.table, x, given)
        ]

    def count(self, sel: Selection) -> int:
        """Number of matching records."""
        return len(self.matching(sel))

    def select(self, sel: Selection, sort: Sort, now: int, offset: int, limit: int | None) -> list[Any]:
        """A sorted page of matching records (full sort)."""
        return [] if limit == 0 else top(self.matching(sel), sort, now, offset, limit, self.dialect)

    def history_aggregate(
        self, sel: Selection, start_us: int, end_us: int, count: int, seconds_per_bucket: float, now_us: int
    ) -> Any:
        """History counts and sums per (bucket, state), one pass over the matching runs."""
        return aggregate_runs(
            self.matching(sel), start_us, end_us, count, seconds_per_bucket, now_us, self.dialect.dates
        )

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

    def record(self, kind: str, record_id: str) -> Any:
        """The record of `kind` with that id, by scanning."""
        return next((r for r in self.t[kind].values() if r.id == record_id), None)


def naive_request(
    store: Any, path: str, body: Any = None, method: str = "POST", params: Any = None
) -> tuple[int, Any]:
    """Answer a request like :meth:`runfilter.Store.request`, but with the naive engine."""

    def context(path_params: dict[str, str], query: dict[str, str]) -> Context:
        engine = NaiveEngine(store.tables, store.dialect)
        now = store.now_us()
        renderer = Renderer(store.tables, now, lambda flavor, rid: active_slots(engine, flavor, rid))
        return Context(engine, renderer, now, path_params, query)

    return status_and_payload(lambda: answer(context, method, path, body, params))
