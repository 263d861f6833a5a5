"""Which flow runs a ``/flow_runs/*`` body selects: its filters joined across kinds, compiled and naive.

Every related filter is an existence test on the run's own related record
(its flow, deployment, queue, the queue's pool) or on some task run of it
(docs/semantics.md#joins-flow-runs). :func:`where` compiles it for the
planned engine, :func:`matches` reads it record by record for the naive one.
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.compile import exists
from ...query.ir import Cond
from ...query.ir import where as where_all
from ..deployments import naive as deployments_naive
from ..deployments.conditions import deployment_filter
from ..flows import naive as flows_naive
from ..flows.conditions import flow_filter
from ..task_runs import naive as task_runs_naive
from ..task_runs.conditions import task_run_filter
from ..work_pools import naive as work_pools_naive
from ..work_pools.conditions import work_pool_filter
from ..work_queues import naive as work_queues_naive
from ..work_queues.conditions import work_queue_filter
from . import naive as flow_runs_naive
from .conditions import flow_run_filter

#: The filter keys a flow-run selection takes.
FILTER_KEYS = ("flows", "flow_runs", "task_runs", "deployments", "work_pools", "work_queues")


def where(flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None, work_queues=None) -> Cond:  # type: ignore[no-untyped-def]
    """Flow runs matching a ``/flow_runs/*`` body's filters, as one condition."""
    conds: list[Cond] = []
    if flow_runs is not None:
        conds.append(flow_run_filter(flow_runs))
    if deployments is not None:
        conds.append(exists("flow_run.deployment", [deployment_filter(deployments)]))
    if work_pools is not None:
        conds.append(exists("flow_run.work_queue", [exists("work_queue.work_pool", [work_pool_filter(work_pools)])]))
    if work_queues is not None:
        conds.append(exists("flow_run.work_queue", [work_queue_filter(work_queues)]))
    # Prefect puts flows and task_runs in one EXISTS; a run has exactly one
    # flow, so two independent existence tests are equivalent.
    if flows is not None:
        conds.append(exists("flow_run.flow", [flow_filter(flows)]))
    if task_runs is not None:
        conds.append(exists("flow_run.task_runs", [task_run_filter(task_runs)], many=True))
    return where_all(conds)


def one_run_conditions(flow_runs: Any, flows: Any, deployments: Any) -> list[Cond]:
    """What one related flow run must satisfy when a task run's or artifact's body filters runs: its own
    filter, its flow's and its deployment's, tested together on that run (one EXISTS in Prefect)."""
    run_conds: list[Cond] = []
    if flow_runs is not None:
        run_conds.append(flow_run_filter(flow_runs))
    if flows is not None:
        run_conds.append(exists("flow_run.flow", [flow_filter(flows)]))
    if deployments is not None:
        run_conds.append(exists("flow_run.deployment", [deployment_filter(deployments)]))
    return run_conds


def runs_with_tasks(flow_runs: Any, task_runs: Any) -> list[Cond]:
    """The conditions on a related flow run of flow and deployment routes: its filter, some task run's."""
    run_conds: list[Cond] = []
    if flow_runs is not None:
        run_conds.append(flow_run_filter(flow_runs))
    if task_runs is not None:
        run_conds.append(exists("flow_run.task_runs", [task_run_filter(task_runs)], many=True))
    return run_conds


def _related(engine: Any, record: Any, evaluate: Any, model: Any) -> bool:
    """A to-one related record exists (None when the reference is NULL or dangles) and satisfies `model`."""
    return record is not None and n.truth(evaluate(engine, record, model))


def some_run_matches(engine: Any, field: str, value: str, flow_runs: Any, task_runs: Any) -> bool:
    """Some flow run whose `field` is `value` satisfies `flow_runs` and has a task run satisfying `task_runs`."""
    return any(
        matches(engine, r, flow_runs=flow_runs, task_runs=task_runs)
        for r in engine.t["flow_runs"].values()
        if getattr(r, field) == value
    )


def matches(  # type: ignore[no-untyped-def]
    engine: Any, r: Any, flows=None, flow_runs=None, task_runs=None, deployments=None, work_pools=None, work_queues=None
) -> bool:
    """A flow run satisfies every given filter, each related record existing (the naive reading)."""
    t = engine.t
    queue = t["work_queues"].get(r.work_queue_id) if r.work_queue_id else None
    related = (  # (filter, the record it tests, its reading); a NULL or dangling reference is None
        (flow_runs, r, flow_runs_naive.evaluate),
        (deployments, t["deployments"].get(r.deployment_id) if r.deployment_id else None, deployments_naive.evaluate),
        (work_pools, t["work_pools"].get(queue.work_pool_id) if queue else None, work_pools_naive.evaluate),
        (work_queues, queue, work_queues_naive.evaluate),
        (flows, t["flows"].get(r.flow_id), flows_naive.evaluate),
    )
    if not all(_related(engine, record, evaluate, model) for model, record, evaluate in related if model is not None):
        return False
    return task_runs is None or any(
        task.flow_run_id == r.id and n.truth(task_runs_naive.evaluate(engine, task, task_runs))
        for task in t["task_runs"].values()
    )
