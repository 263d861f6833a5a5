"""The log routes: ``POST /logs/filter``, and a flow run's log download (served among the flow-run routes).

docs/semantics.md#logs
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ...api.handlers import rows, selection
from ...api.params import OFFSET, Params, sort_param
from ...api.route import Context, Route, TextBody
from ...errors import NotFoundError
from ...query.selection import Selection
from . import render
from .conditions import unusable_bounds
from .filters import FILTER
from .sorts import SORTS, LogSort

_KEYS = {"logs": "logs"}


def _filter(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /logs/filter``: a page of matching logs in the body's timestamp order."""
    sel = selection("logs", v, _KEYS)
    if v["logs"] is not None and unusable_bounds(v["logs"]):
        sel.compile()  # Prefect's 500 whatever the data (docs/semantics.md#server-errors)
    return [render.log(ctx, r) for r in rows(ctx, sel, SORTS[v["sort"].value], v["offset"], v["limit"])]


def download_logs(ctx: Context, v: dict[str, Any]) -> TextBody:
    """``GET /flow_runs/{id}/logs/download``: the run's logs as CSV, oldest first.

    Prefect reads them in pages of 1000 by offset in timestamp order; its
    plan (the run-and-timestamp index) gives every page the same tie order,
    so the pages join into the whole ordered list read here at once.
    """
    run = ctx.engine.record("flow_runs", ctx.path_params["id"])
    if run is None:
        raise NotFoundError(404, {"detail": "Flow run not found"}, f"no flow run {ctx.path_params['id']}")
    logs = rows(ctx, Selection("logs", match={"flow_run_id": frozenset({run.id})}), SORTS["TIMESTAMP_ASC"], 0, None)
    filename = quote(f"{run.name}-logs.csv", safe="")
    disposition = f"attachment; filename=\"flow-run-logs.csv\"; filename*=UTF-8''{filename}"
    return TextBody(render.logs_csv(logs), "text/csv; charset=utf-8", (("content-disposition", disposition),))


#: The log routes under ``/logs`` (Prefect's parameter order: limit, offset, logs, sort).
ROUTES = (
    Route("POST", "/logs/filter", _filter, Params((OFFSET, FILTER, sort_param(LogSort, LogSort.TIMESTAMP_ASC)), True)),
)
