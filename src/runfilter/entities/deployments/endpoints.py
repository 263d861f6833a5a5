"""The deployment routes: filter, count, paginate, and reads by id and by flow and deployment name."""

from __future__ import annotations

from ...api import filter_params as f
from ...api.handlers import counting, listing, paginating, read_one
from ...api.params import OFFSET, PAGE, Params, sort_param
from ...api.route import Route
from . import render
from .sorts import SORTS, DeploymentSort

_SORT = sort_param(DeploymentSort, DeploymentSort.NAME_ASC)
_KEYS = f.FLOW_RUN_KEYS

#: The deployment routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/deployments/filter",
        listing("deployments", _KEYS, SORTS, render.deployment),
        Params((OFFSET, *f.FLOW_RUN, _SORT), True),
    ),
    Route("POST", "/deployments/count", counting("deployments", _KEYS), Params(f.FLOW_RUN)),
    Route(
        "POST",
        "/deployments/paginate",
        paginating("deployments", _KEYS, SORTS, render.deployment),
        Params((PAGE, *f.FLOW_RUN, _SORT), True),
    ),
    Route(
        "GET",
        "/deployments/{id:uuid}",
        read_one(lambda e, p: e.record("deployments", p["id"]), render.deployment, "Deployment not found"),
    ),
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
