"""The deployment routes: filter, count, paginate, reads by id and by name, and a runner's poll."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ...api import filter_params as f
from ...api.handlers import by_id_route, query_routes, read_one, rows
from ...api.params import REQUIRED, Params, param, sort_param
from ...api.route import Context, Route
from ...query.selection import Selection
from ...timeutil import RequestDateTime
from ...writes.polls import plan_poll
from ..flow_runs.filters import FlowRunFilter
from ..flow_runs.render import flow_run
from ..flow_runs.sorts import SORTS as RUN_SORTS
from . import render, work_queue_check
from .filters import DeploymentFilter
from .schedules import copy_schedules
from .sorts import SORTS, DeploymentSort

_SORT = sort_param(DeploymentSort, DeploymentSort.NAME_ASC)


def _poll(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /deployments/get_scheduled_flow_runs``: a runner's poll for its deployments' scheduled runs.

    The deployments' SCHEDULED runs up to ``scheduled_before``, earliest
    ``next_scheduled_start_time`` first; the named deployments become READY
    (docs/semantics.md#polling).
    """
    ids = [str(i) for i in v["deployment_ids"]]
    runs = FlowRunFilter(
        next_scheduled_start_time={"before_": v["scheduled_before"]}, state={"type": {"any_": ["SCHEDULED"]}}
    )
    sel = Selection("flow_runs", {"flow_runs": runs, "deployments": DeploymentFilter(id={"any_": ids})})
    answer = [flow_run(ctx, run) for run in rows(ctx, sel, RUN_SORTS["NEXT_SCHEDULED_START_TIME_ASC"], 0, v["limit"])]
    if ctx.commit is not None:
        ctx.commit(plan_poll(ctx.tables, ctx.now, deployment_ids=ids))
    return answer


#: The deployment routes runfilter serves.
ROUTES = (
    *query_routes("deployments", f.FLOW_RUN, f.FLOW_RUN_KEYS, SORTS, _SORT, render.deployment),
    by_id_route("deployments", render.deployment, "Deployment not found"),
    Route(
        "GET",
        "/deployments/name/{flow_name}/{deployment_name}",
        read_one(
            lambda e, p: e.deployment_named(p["flow_name"], p["deployment_name"]),
            render.deployment,
            "Deployment not found",
        ),
    ),
    Route(
        "GET",
        "/deployments/{id:uuid}/schedules",
        read_one(
            lambda e, p: e.record("deployments", p["id"]),
            lambda ctx, d: copy_schedules(d.schedules),
            "Deployment not found.",
        ),
    ),
    *work_queue_check.ROUTES,
    Route(
        "POST",
        "/deployments/get_scheduled_flow_runs",
        _poll,
        Params(
            (param("deployment_ids", list[UUID], REQUIRED), param("scheduled_before", RequestDateTime | None)), True
        ),
    ),
)
