"""Which artifacts an ``/artifacts/*`` body selects: its filters joined across kinds, compiled and naive.

Prefect tests the flow-run, flow and deployment filters together on the
artifact's flow run (one EXISTS), and the task-run filter on its task run;
a NULL or dangling run id never joins (docs/semantics.md#artifacts). The
latest routes select each key's latest artifact (the route adds that
restriction) with the collection filter under the key ``latest``.
"""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.compile import exists
from ...query.ir import Cond
from ...query.ir import where as where_all
from ..flow_runs import selection as flow_runs_selection
from ..task_runs import naive as task_runs_naive
from ..task_runs.conditions import task_run_filter
from . import naive as artifacts_naive
from .conditions import artifact_filter, collection_filter

#: The filter keys an artifact selection takes (``latest``: the collection filter of the latest routes).
FILTER_KEYS = ("artifacts", "latest", "flow_runs", "task_runs", "flows", "deployments")


def where(artifacts=None, latest=None, flow_runs=None, task_runs=None, flows=None, deployments=None) -> Cond:  # type: ignore[no-untyped-def]
    """Artifacts matching an ``/artifacts/*`` body's filters, as one condition."""
    conds: list[Cond] = []
    if artifacts is not None:
        conds.append(artifact_filter(artifacts))
    if latest is not None:
        conds.append(collection_filter(latest))
    if flows is not None or flow_runs is not None or deployments is not None:
        run_conds = flow_runs_selection.one_run_conditions(flow_runs, flows, deployments)
        conds.append(exists("artifact.flow_run", run_conds))
    if task_runs is not None:
        conds.append(exists("artifact.task_run", [task_run_filter(task_runs)]))
    return where_all(conds)


def matches(
    engine: Any, x: Any, artifacts=None, latest=None, flow_runs=None, task_runs=None, flows=None, deployments=None
) -> bool:  # type: ignore[no-untyped-def]
    """An artifact satisfies every given filter (the naive reading)."""
    if artifacts is not None and not n.truth(artifacts_naive.evaluate(engine, x, artifacts)):
        return False
    if latest is not None and not n.truth(artifacts_naive.evaluate_latest(engine, x, latest)):
        return False
    if flows is not None or flow_runs is not None or deployments is not None:
        run = engine.t["flow_runs"].get(x.flow_run_id) if x.flow_run_id else None
        if run is None or not flow_runs_selection.matches(
            engine, run, flows=flows, flow_runs=flow_runs, deployments=deployments
        ):
            return False
    if task_runs is not None:
        task = engine.t["task_runs"].get(x.task_run_id) if x.task_run_id else None
        if task is None or not n.truth(task_runs_naive.evaluate(engine, task, task_runs)):
            return False
    return True
