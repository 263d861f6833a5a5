"""The automation routes: filter, count, read by id, and the automations related to a resource.

docs/semantics.md#automations
"""

from __future__ import annotations

from typing import Any

from ...api.handlers import counting, listing
from ...api.params import OFFSET, Params, sort_param
from ...api.route import Context, Route
from ...errors import NotFoundError
from . import render
from .filters import FILTER, bind_created_bound
from .sorts import SORTS, AutomationSort

_KEYS = {"automations": "automations"}
#: Prefect's 404 body for an automation id it does not hold.
MISSING = {"exception_message": "Automation not found"}


def _checked(handler: Any) -> Any:
    """`handler` after Prefect's 500 for an unusable ``created.before_`` (docs/semantics.md#automations)."""

    def run(ctx: Context, v: dict[str, Any]) -> Any:
        bind_created_bound(v["automations"])
        return handler(ctx, v)

    return run


def _read(ctx: Context, v: dict[str, Any]) -> Any:
    """``GET /automations/{id}``: the automation, else 404 ``Automation not found``."""
    record = ctx.engine.record("automations", ctx.path_params["id"])
    if record is None:
        raise NotFoundError(404, MISSING, f"automation not found: {ctx.path_params['id']}")
    return render.automation(ctx, record)


def _related_to(ctx: Context, v: dict[str, Any]) -> list[Any]:
    """``GET /automations/related-to/{resource_id}``: every automation related to the resource (exact id),
    in dataset order; Prefect's query has no ORDER BY (docs/semantics.md#automations)."""
    resource_id = ctx.path_params["resource_id"]
    table = ctx.tables["automations"].values()
    related = [a for a in table if resource_id in render.related_resources(a)]
    return [render.automation(ctx, a) for a in sorted(related, key=lambda a: a.seq)]


#: The automation routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/automations/filter",
        _checked(listing("automations", _KEYS, SORTS, render.automation)),
        Params((sort_param(AutomationSort, AutomationSort.NAME_ASC), OFFSET, FILTER), True),
    ),
    Route("POST", "/automations/count", _checked(counting("automations", _KEYS)), Params((FILTER,))),
    Route("GET", "/automations/{id:uuid}", _read),
    Route("GET", "/automations/related-to/{resource_id:str}", _related_to),
)
