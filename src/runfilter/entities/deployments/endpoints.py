"""The deployment routes: filter, count, paginate, and reads by id and by flow and deployment name."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import by_id_route, query_routes, read_one
from ...api.params import sort_param
from ...api.route import Route
from . import render
from .sorts import SORTS, DeploymentSort

_SORT = sort_param(DeploymentSort, DeploymentSort.NAME_ASC)

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
)
