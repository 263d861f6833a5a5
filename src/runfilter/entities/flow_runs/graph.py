"""``GET /flow_runs/{id}/graph-v2``: a flow run's task runs and subflow runs as a graph (docs/semantics.md#run-graph).

Prefect 3.9.1 on SQLite builds the graph from rows, one per task run of the
flow run and per element of each of its ``task_inputs`` lists (one row for a
task run without inputs, or for an empty list). A task run that started a
subflow stands for that flow run (its id, ``"<flow> / <run>"`` label, state
and times). Each row names at most one parent: the ``id`` of its input
element; elements of the ``__parents__`` input make the parent
*encapsulating* instead. Edges are found by joining rows on those ids, so a
parent with k rows is listed k times per child row that names it (Prefect
removes repeats from ``encapsulating`` only). Nodes come by start time, then
end time; a node without any start time is left out, one that ended before
``since`` too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ...api.params import Params, param
from ...api.route import Context, Route
from ...errors import NotFoundError, RequestError
from ...query.selection import Selection
from ...timeutil import format_ts, to_us
from ..artifacts.graph import graph_artifacts
from ..runs.states import earlier_states, state_id

#: Prefect's ``PREFECT_API_MAX_FLOW_RUN_GRAPH_NODES`` default.
MAX_NODES = 10_000
_PARENTS_INPUT = "__parents__"


@dataclass(frozen=True)
class _Row:
    node: str
    parent: str | None
    encapsulating: bool


def _node_fields(task_run: Any, subflow: Any, flows: Any) -> dict[str, Any] | None:
    """The node a task run (or the subflow it started) stands for, or None without a start time."""
    if subflow is not None:
        flow = flows.get(subflow.flow_id)
        start = _first(
            subflow.start_time, subflow.expected_start_time, task_run.start_time, task_run.expected_start_time
        )
        end = _first(subflow.end_time, task_run.end_time, _completed_end(task_run))
        label = f"{flow.name} / {subflow.name}" if flow is not None else task_run.name
        node_id, kind, state_type = subflow.id, "flow-run", subflow.state_type or task_run.state_type
    else:
        start = _first(task_run.start_time, task_run.expected_start_time)
        end = _first(task_run.end_time, _completed_end(task_run))
        node_id, kind, label, state_type = task_run.id, "task-run", task_run.name, task_run.state_type
    if start is None:
        return None
    return {"kind": kind, "id": node_id, "label": label, "state_type": state_type, "start": start, "end": end}


def _completed_end(task_run: Any) -> int | None:
    # Prefect's fallback: a COMPLETED task run without an end time ends at its expected start
    return task_run.expected_start_time if task_run.state_type == "COMPLETED" else None


def _first(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def _rows(node_id: str, task_inputs: Any) -> list[_Row]:
    """One row per input element (the element's ``id`` as parent), one per empty or non-list input."""
    if not isinstance(task_inputs, dict) or not task_inputs:
        return [_Row(node_id, None, False)]
    rows = []
    for key, value in task_inputs.items():
        elements = value if isinstance(value, list) else []
        if not elements:
            rows.append(_Row(node_id, None, key == _PARENTS_INPUT))
        for element in elements:
            parent = element.get("id") if isinstance(element, dict) else None
            rows.append(_Row(node_id, parent if isinstance(parent, str) else None, key == _PARENTS_INPUT))
    return rows


def build_graph(ctx: Context, flow_run: Any, since: int | None) -> dict[str, Any]:
    """Prefect's ``Graph`` of `flow_run` (see the module)."""
    # in load order, so nodes that tie on their times keep it (as SQLite's row order does) whatever order
    # the engine found them in
    task_runs = sorted(
        ctx.engine.matching(Selection("task_runs", match={"flow_run_id": frozenset({flow_run.id})})),
        key=lambda r: r.seq,
    )
    subflows: dict[str, Any] = {}
    if task_runs:
        children = Selection("flow_runs", match={"parent_task_run_id": frozenset(t.id for t in task_runs)})
        for run in sorted(ctx.engine.matching(children), key=lambda r: r.seq):
            subflows.setdefault(run.parent_task_run_id, run)
    nodes: dict[str, dict[str, Any]] = {}
    rows: list[_Row] = []
    for task_run in task_runs:
        fields = _node_fields(task_run, subflows.get(task_run.id), ctx.tables["flows"])
        if fields is not None:
            nodes[fields["id"]] = fields
            rows.extend(_rows(fields["id"], task_run.task_inputs))
    rows.sort(key=lambda row: row.node)  # Prefect's row order: by node id
    rows_of: dict[str, int] = defaultdict(int)
    for row in rows:
        rows_of[row.node] += 1
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    encapsulating: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.parent is None or row.parent not in nodes:
            continue
        times = rows_of[row.parent]
        if row.encapsulating:
            encapsulating[row.node] += [row.parent] * times
        else:
            parents[row.node] += [row.parent] * times
            children[row.parent] += [row.node] * times
    kept = [n for n in nodes.values() if since is None or n["end"] is None or n["end"] >= since]
    key = ctx.engine.dialect.order_key()
    kept.sort(key=lambda n: (key(n["start"]), key(n["end"])))
    if len(kept) > MAX_NODES:
        detail = f"The graph of flow run {flow_run.id} has more than {MAX_NODES} nodes."
        raise RequestError(400, {"detail": detail}, detail)
    artifacts = graph_artifacts(ctx, flow_run.id)
    return {
        "start_time": format_ts(_first(flow_run.start_time, flow_run.expected_start_time)),
        "end_time": format_ts(flow_run.end_time),
        "root_node_ids": [n["id"] for n in kept if not parents.get(n["id"])],
        "nodes": [[n["id"], _node_json(n, parents, children, encapsulating, artifacts)] for n in kept],
        "artifacts": artifacts.get(None, []),
        "states": _graph_states(flow_run),
    }


def _node_json(node: dict[str, Any], parents: Any, children: Any, encapsulating: Any, artifacts: Any) -> dict[str, Any]:
    node_id = node["id"]
    return {
        "kind": node["kind"],
        "id": node_id,
        "label": node["label"],
        "state_type": node["state_type"],
        "start_time": format_ts(node["start"]),
        "end_time": format_ts(node["end"]),
        "parents": [{"id": p} for p in parents.get(node_id, ())],
        "children": [{"id": c} for c in children.get(node_id, ())],
        "encapsulating": [{"id": e} for e in dict.fromkeys(encapsulating.get(node_id, ()))],
        "artifacts": artifacts.get(node_id, []),
    }


def _graph_states(run: Any) -> list[dict[str, Any]]:
    """The run's state history, oldest first, as Prefect's ``GraphState`` (docs/semantics.md#state-history)."""
    if run.state_type is None:
        return []
    states = [
        {"id": past.id, "timestamp": format_ts(past.timestamp), "type": past.type, "name": past.name}
        for past in earlier_states(run)
    ]
    current = {"id": state_id(run), "timestamp": format_ts(run.state_timestamp)}
    return [*states, {**current, "type": run.state_type, "name": run.state_name}]


def _read_graph(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    flow_run = ctx.engine.record("flow_runs", ctx.path_params["id"])
    if flow_run is None:
        detail = f"Flow run {ctx.path_params['id']} not found"
        raise NotFoundError(404, {"exception_message": detail}, detail)
    since: dt.datetime | None = v["since"]
    return build_graph(ctx, flow_run, None if since is None else to_us(since))


_SINCE = Params((param("since", dt.datetime | None, None, "query"),))

#: The graph route.
ROUTES = (Route("GET", "/flow_runs/{id:uuid}/graph-v2", _read_graph, _SINCE),)
