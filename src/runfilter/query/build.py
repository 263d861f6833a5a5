"""Compile validated filter models into the condition IR, with Prefect's semantics.

One function per filter class turns its *active* operators into conditions
(docs/semantics.md#active-operators: ``any_`` is active when not null, ``not_any_``,
``all_`` and ``like_`` only when non-empty) and combines them with the
class's operator (:func:`~runfilter.query.ir.combine`). The ``*_where``
functions at the bottom join the per-entity filters of a request into the
existence tests of docs/semantics.md#cross-filters.
"""

from __future__ import annotations

from .. import filters as f
from ..timeutil import has_unusable_offset, to_us
from .ir import (
    FALSE,
    TRUE,
    VANISH,
    AnyRelated,
    Cond,
    Equals,
    In,
    IsNull,
    JsonKeyIn,
    Like,
    Not,
    NotIn,
    Or,
    Range,
    Related,
    TagsAll,
    TagsAny,
    TagsEmpty,
    combine,
    where,
)


def _ids(values: list) -> frozenset:
    return frozenset(str(v) for v in values)


def _in(field: str, values: list | None, convert=frozenset) -> list[Cond]:
    """``any_``: active when not null; ``[]`` is SQL ``IN ()``, which matches nothing."""
    if values is None:
        return []
    return [In(field, convert(values))] if values else [FALSE]


def _not_in(field: str, values: list | None, convert=frozenset) -> list[Cond]:
    """``not_any_``: only a non-empty list is active (Prefect tests its truthiness)."""
    return [NotIn(field, convert(values))] if values else []


def _like(field: str, text: str | None) -> list[Cond]:
    """``like_``: unescaped ``ILIKE '%text%'``; ``""`` is ignored."""
    return [Like(field, f"%{text}%")] if text else []


def _is_null(field: str, flag: bool | None) -> list[Cond]:
    return [] if flag is None else [IsNull(field, flag)]


def _bounds(field: str, before, after) -> list[Cond]:
    """``before_`` / ``after_``: inclusive bounds, one condition each."""
    out: list[Cond] = []
    if before is not None:
        out.append(Range(field, None, _bound_us(before)))
    if after is not None:
        out.append(Range(field, _bound_us(after), None))
    return out


# A before_/after_ with a ±24:00 offset (accepted by pendulum) makes Prefect fail with HTTP 500 when it
# binds the value in its SQL, whatever the data or page size. SQLAlchemy leaves a condition out only when
# an or_ sibling is a plain TRUE (or_(true(), x) is true): there the bound is never used and Prefect answers.
_TIME_FILTERS = ("start_time", "end_time", "expected_start_time", "next_scheduled_start_time")


def _bound_us(value) -> int:
    # an unusable bound stands in as 0: _require_bindable_bounds fails unless an or_ folds it away
    return 0 if has_unusable_offset(value) else to_us(value)


def unusable_bounds(m) -> list:
    """The ``before_``/``after_`` values of a flow-run or task-run filter with an offset Prefect cannot use."""
    out = []
    for name in _TIME_FILTERS:
        sub = getattr(m, name, None)
        if sub is not None:
            out += [value for value in (sub.before_, sub.after_) if has_unusable_offset(value)]
    return out


def _require_bindable_bounds(m, conds: list[Cond]) -> None:
    """Raise Prefect's HTTP 500 (:class:`~runfilter.errors.ServerError`) if an unusable bound of `m` reaches SQL."""
    unusable = unusable_bounds(m)
    if unusable and not (m.operator is f.Operator.or_ and any(c is TRUE for c in conds)):
        to_us(unusable[0])  # raises


def _tags(model, has_any: bool) -> list[Cond]:
    out: list[Cond] = []
    if model.all_:
        out.append(TagsAll(frozenset(model.all_)))
    if has_any and model.any_ is not None:
        out.append(TagsAny(frozenset(model.any_)) if model.any_ else FALSE)
    if model.is_null_ is not None:
        out.append(TagsEmpty(model.is_null_))
    return out


def _leaf(conds: list[Cond]) -> Cond:
    """A filter class without ``operator``: its conditions are ANDed."""
    return combine(conds, use_or=False)


def _operator(model, conds: list[Cond]) -> Cond:
    """A filter class with ``operator``."""
    return combine(conds, use_or=model.operator is f.Operator.or_)


def _state(model, type_conds: list[Cond] | None, name_conds: list[Cond] | None) -> Cond:
    # Reproduces FlowRunFilterState / TaskRunFilterState: a type or name
    # sub-filter that compiled to plain TRUE is skipped, so it cannot make an
    # or_ true (docs/semantics.md#combining).
    conds = [c for c in (type_conds, name_conds) if c is not None]
    return _operator(model, [c for c in (_leaf(x) for x in conds) if c is not TRUE])


# --------------------------------------------------------------------------- one function per entity


def flow_filter(m: f.FlowFilter) -> Cond:
    """``flows`` → a condition on flows."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(_leaf(_in("id", m.id.any_, _ids) + _not_in("id", m.id.not_any_, _ids)))
    if m.deployment is not None:
        sub: list[Cond] = []
        if m.deployment.is_null_ is not None:
            has_deployment = AnyRelated("flow.deployments", TRUE)
            sub.append(Not(has_deployment) if m.deployment.is_null_ else has_deployment)
        conds.append(_operator(m.deployment, sub))
    if m.name is not None:
        conds.append(_leaf(_in("name", m.name.any_) + _like("name", m.name.like_)))
    if m.tags is not None:
        conds.append(_operator(m.tags, _tags(m.tags, has_any=False)))
    return _operator(m, conds)


def flow_run_filter(m: f.FlowRunFilter) -> Cond:
    """``flow_runs`` → a condition on flow runs."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(_leaf(_in("id", m.id.any_, _ids) + _not_in("id", m.id.not_any_, _ids)))
    if m.name is not None:
        conds.append(_leaf(_in("name", m.name.any_) + _like("name", m.name.like_)))
    if m.tags is not None:
        conds.append(_operator(m.tags, _tags(m.tags, has_any=True)))
    if m.deployment_id is not None:
        d = m.deployment_id
        conds.append(_operator(d, _in("deployment_id", d.any_, _ids) + _is_null("deployment_id", d.is_null_)))
    if m.work_queue_name is not None:
        w = m.work_queue_name
        conds.append(_operator(w, _in("work_queue_name", w.any_) + _is_null("work_queue_name", w.is_null_)))
    if m.state is not None:
        s = m.state
        states = lambda v: frozenset(x.value for x in v)
        type_conds = (
            None
            if s.type is None
            else (_in("state_type", s.type.any_, states) + _not_in("state_type", s.type.not_any_, states))
        )
        name_conds = (
            None if s.name is None else (_in("state_name", s.name.any_) + _not_in("state_name", s.name.not_any_))
        )
        conds.append(_state(s, type_conds, name_conds))
    if m.flow_version is not None:
        conds.append(_leaf(_in("flow_version", m.flow_version.any_)))
    if m.start_time is not None:
        t = m.start_time
        # bounds read coalesce(start_time, expected_start_time); is_null_ reads start_time alone
        conds.append(_leaf(_bounds("start_or_expected", t.before_, t.after_) + _is_null("start_time", t.is_null_)))
    if m.end_time is not None:
        t = m.end_time
        conds.append(_leaf(_bounds("end_time", t.before_, t.after_) + _is_null("end_time", t.is_null_)))
    if m.expected_start_time is not None:
        t = m.expected_start_time
        conds.append(_leaf(_bounds("expected_start_time", t.before_, t.after_)))
    if m.next_scheduled_start_time is not None:
        t = m.next_scheduled_start_time
        conds.append(_leaf(_bounds("next_scheduled_start_time", t.before_, t.after_)))
    if m.parent_flow_run_id is not None:
        p = m.parent_flow_run_id
        sub = (
            []
            if p.any_ is None
            else [Related("flow_run.parent_task_run", In("flow_run_id", _ids(p.any_))) if p.any_ else FALSE]
        )
        conds.append(_operator(p, sub))
    if m.parent_task_run_id is not None:
        p = m.parent_task_run_id
        conds.append(_operator(p, _in("parent_task_run_id", p.any_, _ids) + _is_null("parent_task_run_id", p.is_null_)))
    if m.idempotency_key is not None:
        k = m.idempotency_key
        conds.append(_leaf(_in("idempotency_key", k.any_) + _not_in("idempotency_key", k.not_any_)))
    if m.created_by is not None:
        c = m.created_by
        sub = []
        if c.id_ is not None:
            sub.append(JsonKeyIn("created_by", "id", _ids(c.id_)) if c.id_ else FALSE)
        if c.type_ is not None:
            sub.append(JsonKeyIn("created_by", "type", frozenset(c.type_)) if c.type_ else FALSE)
        sub += _is_null("created_by", c.is_null_)
        conds.append(_operator(c, sub))
    _require_bindable_bounds(m, conds)
    return _operator(m, conds)


def _task_run_flow_run_id(m: f.TaskRunFilterFlowRunId) -> list[Cond]:
    # TaskRunFilterFlowRunId: is_null_ defaults to False; is_null_=True wins
    # over any_; the operator field never matters (one condition at most).
    if m.is_null_ is True:
        return [IsNull("flow_run_id", True)]
    if m.is_null_ is False and m.any_ is None:
        return [IsNull("flow_run_id", False)]
    return _in("flow_run_id", m.any_, _ids)


def task_run_filter(m: f.TaskRunFilter) -> Cond:
    """``task_runs`` → a condition on task runs."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(_leaf(_in("id", m.id.any_, _ids)))
    if m.name is not None:
        conds.append(_leaf(_in("name", m.name.any_) + _like("name", m.name.like_)))
    if m.tags is not None:
        conds.append(_operator(m.tags, _tags(m.tags, has_any=False)))
    if m.state is not None:
        s = m.state
        type_conds = None if s.type is None else _in("state_type", s.type.any_, lambda v: frozenset(x.value for x in v))
        name_conds = None if s.name is None else _in("state_name", s.name.any_)
        conds.append(_state(s, type_conds, name_conds))
    if m.start_time is not None:
        t = m.start_time
        conds.append(_leaf(_bounds("start_time", t.before_, t.after_) + _is_null("start_time", t.is_null_)))
    if m.end_time is not None:
        t = m.end_time
        conds.append(_leaf(_bounds("end_time", t.before_, t.after_) + _is_null("end_time", t.is_null_)))
    if m.expected_start_time is not None:
        t = m.expected_start_time
        conds.append(_leaf(_bounds("expected_start_time", t.before_, t.after_)))
    if m.subflow_runs is not None:
        exists = m.subflow_runs.exists_
        has_subflow = AnyRelated("task_run.subflow_runs", TRUE)
        conds.append(_leaf([] if exists is None else [has_subflow if exists else Not(has_subflow)]))
    if m.flow_run_id is not None:
        conds.append(_operator(m.flow_run_id, _task_run_flow_run_id(m.flow_run_id)))
    _require_bindable_bounds(m, conds)
    return _operator(m, conds)


def deployment_filter(m: f.DeploymentFilter) -> Cond:
    """``deployments`` → a condition on deployments."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(_leaf(_in("id", m.id.any_, _ids) + _not_in("id", m.id.not_any_, _ids)))
    if m.name is not None:
        conds.append(_leaf(_in("name", m.name.any_) + _like("name", m.name.like_)))
    if m.flow_or_deployment_name is not None:
        text = m.flow_or_deployment_name.like_
        sub = [Or((Like("name", f"%{text}%"), Related("deployment.flow", Like("name", f"%{text}%"))))] if text else []
        conds.append(_leaf(sub))
    if m.paused is not None:
        conds.append(_leaf([] if m.paused.eq_ is None else [Equals("paused", m.paused.eq_)]))
    if m.tags is not None:
        conds.append(_operator(m.tags, _tags(m.tags, has_any=True)))
    if m.work_queue_name is not None:
        conds.append(_leaf(_in("work_queue_name", m.work_queue_name.any_)))
    # m.concurrency_limit is accepted and ignored entirely (deprecated in Prefect):
    # it does not even contribute a TRUE that could poison an or_.
    return _operator(m, conds)


def work_pool_filter(m: f.WorkPoolFilter) -> Cond:
    """``work_pools`` → a condition on work pools."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(_leaf(_in("id", m.id.any_, _ids)))
    if m.name is not None:
        conds.append(_leaf(_in("name", m.name.any_)))
    if m.type is not None:
        conds.append(_leaf(_in("type", m.type.any_)))
    return _operator(m, conds)


def work_queue_filter(m: f.WorkQueueFilter) -> Cond:
    """``work_queues`` / ``work_pool_queues`` → a condition on work queues."""
    conds: list[Cond] = []
    if m.id is not None:
        conds.append(_leaf(_in("id", m.id.any_, _ids)))
    if m.name is not None:
        sub = _in("name", m.name.any_)
        if m.name.startswith_ is not None:
            # an OR of ILIKE 'prefix%' terms; with no terms SQLAlchemy renders
            # nothing at all, so the condition vanishes instead of being TRUE
            prefixes = [Like("name", f"{p}%") for p in m.name.startswith_]
            sub.append(combine(prefixes, use_or=True) if prefixes else VANISH)
        conds.append(_leaf(sub))
    return _operator(m, conds)


# ----------------------------------------------------- joins per endpoint (docs/semantics.md#cross-filters)


def _exists(link: str, conds: list[Cond], many: bool = False) -> Cond:
    """An EXISTS over a related table whose WHERE holds `conds` (VANISH = no condition)."""
    cond = where(conds)
    return AnyRelated(link, cond) if many else Related(link, cond)


def flow_runs_where(
    flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None, work_queues=None
) -> Cond:
    """Flow runs matching a ``/flow_runs/*`` body's filters (docs/semantics.md#joins-flow-runs)."""
    conds: list[Cond] = []
    if flow_runs is not None:
        conds.append(flow_run_filter(flow_runs))
    if deployments is not None:
        conds.append(_exists("flow_run.deployment", [deployment_filter(deployments)]))
    if work_pools is not None:
        conds.append(_exists("flow_run.work_queue", [_exists("work_queue.work_pool", [work_pool_filter(work_pools)])]))
    if work_queues is not None:
        conds.append(_exists("flow_run.work_queue", [work_queue_filter(work_queues)]))
    # Prefect puts flows and task_runs in one EXISTS; a run has exactly one
    # flow, so two independent existence tests are equivalent.
    if flows is not None:
        conds.append(_exists("flow_run.flow", [flow_filter(flows)]))
    if task_runs is not None:
        conds.append(_exists("flow_run.task_runs", [task_run_filter(task_runs)], many=True))
    return where(conds)


def task_runs_where(flows=None, flow_runs=None, task_runs=None, deployments=None) -> Cond:
    """Task runs matching a ``/task_runs/*`` body's filters: one flow run satisfies all.

    docs/semantics.md#joins-task-runs
    """
    conds: list[Cond] = []
    if task_runs is not None:
        conds.append(task_run_filter(task_runs))
    if flows is not None or flow_runs is not None or deployments is not None:
        run_conds: list[Cond] = []
        if flow_runs is not None:
            run_conds.append(flow_run_filter(flow_runs))
        if flows is not None:
            run_conds.append(_exists("flow_run.flow", [flow_filter(flows)]))
        if deployments is not None:
            run_conds.append(_exists("flow_run.deployment", [deployment_filter(deployments)]))
        conds.append(_exists("task_run.flow_run", run_conds))
    return where(conds)


def flows_where(flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None) -> Cond:
    """Flows matching a ``/flows/*`` body's filters: one deployment / one flow run each.

    docs/semantics.md#joins-flows
    """
    conds: list[Cond] = []
    if flows is not None:
        conds.append(flow_filter(flows))
    if deployments is not None or work_pools is not None:
        dep_conds: list[Cond] = []
        if deployments is not None:
            dep_conds.append(deployment_filter(deployments))
        if work_pools is not None:
            dep_conds.append(
                _exists("deployment.work_queue", [_exists("work_queue.work_pool", [work_pool_filter(work_pools)])])
            )
        conds.append(_exists("flow.deployments", dep_conds, many=True))
    if flow_runs is not None or task_runs is not None:
        conds.append(_exists("flow.flow_runs", _run_with_tasks(flow_runs, task_runs), many=True))
    return where(conds)


def _run_with_tasks(flow_runs, task_runs) -> list[Cond]:
    run_conds: list[Cond] = []
    if flow_runs is not None:
        run_conds.append(flow_run_filter(flow_runs))
    if task_runs is not None:
        run_conds.append(_exists("flow_run.task_runs", [task_run_filter(task_runs)], many=True))
    return run_conds


def deployments_where(
    flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None, work_queues=None
) -> Cond:
    """Deployments matching a ``/deployments/*`` body's filters (docs/semantics.md#joins-deployments)."""
    conds: list[Cond] = []
    if deployments is not None:
        conds.append(deployment_filter(deployments))
    if flows is not None:
        conds.append(_exists("deployment.flow", [flow_filter(flows)]))
    if flow_runs is not None or task_runs is not None:
        conds.append(_exists("deployment.flow_runs", _run_with_tasks(flow_runs, task_runs), many=True))
    if work_pools is not None or work_queues is not None:
        queue_conds: list[Cond] = []
        if work_queues is not None:
            queue_conds.append(work_queue_filter(work_queues))
        if work_pools is not None:
            queue_conds.append(_exists("work_queue.work_pool", [work_pool_filter(work_pools)]))
        conds.append(_exists("deployment.work_queue", queue_conds))
    return where(conds)


def work_pools_where(work_pools=None) -> Cond:
    """Work pools matching ``work_pools``."""
    return where([] if work_pools is None else [work_pool_filter(work_pools)])


def work_queues_where(work_queues=None) -> Cond:
    """Work queues matching ``work_queues``."""
    return where([] if work_queues is None else [work_queue_filter(work_queues)])
