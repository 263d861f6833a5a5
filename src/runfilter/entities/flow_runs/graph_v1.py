"""``GET /flow_runs/{id}/graph``: the v1 graph, one entry per task run of a flow run (docs/semantics.md#run-graph).

Prefect 3.9.1 reads the flow run's task runs by id, descending, and lists
for each its ``upstream_dependencies``: the distinct elements of all its
``task_inputs`` lists taken together (Prefect collects them in a Python
set, so their order is left open and the corpus compares them as a
multiset). The entry's field only admits task-run results: a task run of
the flow run with a flow-run, parameter or constant input makes Prefect
fail with 500 for the whole graph. Each entry also carries the task run's
current state, its times, ``total_run_time``, ``estimated_run_time`` at
"now" and whether its state's details mark the result untrackable (false
without a state). An unknown flow run is 404
``{"exception_message": "Flow run with id <id> not found"}``.
"""

from __future__ import annotations

from typing import Any

from ...api.route import Context, Route
from ...errors import NotFoundError, prefect_500
from ...query.selection import Selection
from ...timeutil import format_ts, seconds
from ..runs.render import state_json
from ..runs.sorts import ID_DESC
from ..runs.states import estimated_run_time

_TASK_RUN_INPUT = "task_run"


def upstream_dependencies(task_run: Any) -> list[dict[str, Any]]:
    """The distinct inputs of `task_run` (first-seen order); a 500 if one is not a task-run result."""
    distinct: dict[str, dict[str, Any]] = {}
    for elements in task_run.task_inputs.values():
        for element in elements:
            if element.get("input_type") != _TASK_RUN_INPUT:
                raise prefect_500(f"task run {task_run.id} has a {element.get('input_type')} input")
            distinct.setdefault(element["id"], element)
    return [{"input_type": _TASK_RUN_INPUT, "id": element["id"]} for element in distinct.values()]


def dependency(ctx: Context, task_run: Any) -> dict[str, Any]:
    """One entry of the v1 graph (Prefect's ``DependencyResult``)."""
    state = state_json(task_run, task_run.flow_run_id, task_run.id)
    return {
        "id": task_run.id,
        "name": task_run.name,
        "upstream_dependencies": upstream_dependencies(task_run),
        "state": state,
        "expected_start_time": format_ts(task_run.expected_start_time),
        "start_time": format_ts(task_run.start_time),
        "end_time": format_ts(task_run.end_time),
        "total_run_time": seconds(task_run.total_run_time),
        "estimated_run_time": seconds(estimated_run_time(task_run, ctx.now)),
        "untrackable_result": False if state is None else state["state_details"]["untrackable_result"],
    }


def _read_graph_v1(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    flow_run = ctx.engine.record("flow_runs", ctx.path_params["id"])
    if flow_run is None:
        detail = f"Flow run with id {ctx.path_params['id']} not found"
        raise NotFoundError(404, {"exception_message": detail}, detail)
    of_run = Selection("task_runs", match={"flow_run_id": frozenset({flow_run.id})})
    return [dependency(ctx, task_run) for task_run in ctx.engine.select(of_run, ID_DESC, ctx.now, 0, None)]


#: The v1 graph route.
ROUTES = (Route("GET", "/flow_runs/{id:uuid}/graph", _read_graph_v1),)

__all__ = ["ROUTES", "dependency", "upstream_dependencies"]
