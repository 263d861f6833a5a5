"""The UI's flow routes: ``/ui/flows/count-deployments`` and ``/ui/flows/next-runs`` (docs/semantics.md#ui-routes)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import Field

from ...api.params import REQUIRED, Params, param
from ...api.route import Context, Route
from ...query.selection import Selection
from ...timeutil import format_ts

_FLOW_IDS = Params((param("flow_ids", Annotated[list[UUID], Field(max_length=200)], REQUIRED),))


def _ids(v: dict[str, Any]) -> list[str]:
    # a repeated id is one answer key, at its first place
    return list(dict.fromkeys(str(i) for i in v["flow_ids"]))


def _count_deployments(ctx: Context, v: dict[str, Any]) -> dict[str, int]:
    """``POST /ui/flows/count-deployments``: per given flow id, in the order given, how many deployments it has."""
    ids = _ids(v)
    counts = dict.fromkeys(ids, 0)
    if ids:
        for deployment in ctx.engine.matching(Selection("deployments", match={"flow_id": frozenset(ids)})):
            counts[deployment.flow_id] += 1
    return counts


def _next_runs(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``POST /ui/flows/next-runs``: per given flow id, its SCHEDULED run with the earliest next start, or null.

    Prefect on SQLite joins every run at the earliest time and keeps the last
    one it reads; runfilter keeps the last stored (docs/semantics.md#tie-order).
    """
    ids = _ids(v)
    found: dict[str, Any] = {}
    if ids:
        scheduled = Selection("flow_runs", match={"flow_id": frozenset(ids), "state_type": frozenset({"SCHEDULED"})})
        earliest: dict[str, int] = {}
        runs = [run for run in ctx.engine.matching(scheduled) if run.next_scheduled_start_time is not None]
        for run in runs:
            when = earliest.get(run.flow_id)
            if when is None or run.next_scheduled_start_time < when:
                earliest[run.flow_id] = run.next_scheduled_start_time
        for run in sorted(runs, key=lambda run: run.seq):
            if run.next_scheduled_start_time == earliest[run.flow_id]:
                found[run.flow_id] = run
    return {flow_id: None if flow_id not in found else _simple_next_run(found[flow_id]) for flow_id in ids}


def _simple_next_run(run: Any) -> dict[str, Any]:
    """Prefect's ``SimpleNextFlowRun``."""
    return {
        "id": run.id,
        "flow_id": run.flow_id,
        "name": run.name,
        "state_name": run.state_name,
        "state_type": run.state_type,
        "next_scheduled_start_time": format_ts(run.next_scheduled_start_time),
    }


#: The UI's flow routes.
ROUTES = (
    Route("POST", "/ui/flows/count-deployments", _count_deployments, _FLOW_IDS),
    Route("POST", "/ui/flows/next-runs", _next_runs, _FLOW_IDS),
)
