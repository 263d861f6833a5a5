"""Which task runs a ``/task_runs/*`` body selects: its filters joined across kinds, compiled and naive.

The flow-run side is one existence test: a single flow run of the task run
satisfies the flow-run, flow and deployment filters together
(docs/semantics.md#joins-task-runs).
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.compile import exists
from ...query.ir import Cond
from ...query.ir import where as where_all
from ..flow_runs import selection as flow_runs_selection
from . import naive as task_runs_naive
from .conditions import task_run_filter

#: The filter keys a task-run selection takes.
FILTER_KEYS = ("flows", "flow_runs", "task_runs", "deployments")


def where(flows=None, flow_runs=None, task_runs=None, deployments=None) -> Cond:  # type: ignore[no-untyped-def]
    """Task runs matching a ``/task_runs/*`` body's filters, as one condition."""
    conds: list[Cond] = []
    if task_runs is not None:
        conds.append(task_run_filter(task_runs))
    if flows is not None or flow_runs is not None or deployments is not None:
        run_conds = flow_runs_selection.one_run_conditions(flow_runs, flows, deployments)
        conds.append(exists("task_run.flow_run", run_conds))
    return where_all(conds)


def matches(engine: Any, x: Any, flows=None, flow_runs=None, task_runs=None, deployments=None) -> bool:  # type: ignore[no-untyped-def]
    """A task run satisfies every given filter (the naive reading)."""
    if task_runs is not None and not n.truth(task_runs_naive.evaluate(engine, x, task_runs)):
        return False
    if flows is None and flow_runs is None and deployments is None:
        return True
    run = engine.t["flow_runs"].get(x.flow_run_id) if x.flow_run_id else None
    return run is not None and flow_runs_selection.matches(
        engine, run, flows=flows, flow_runs=flow_runs, deployments=deployments
    )
