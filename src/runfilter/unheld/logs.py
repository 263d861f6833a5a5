"""Logs: ``POST /logs/filter`` and a flow run's log download, answered as Prefect does for a database holding no logs.

The body is validated against Prefect's ``LogFilter`` and ``LogSort``,
mirrored below field for field under Prefect's class names, so 422s are
Prefect's; a valid body gets ``[]`` (docs/semantics.md#unheld-kinds).
Prefect also defines a ``LogFilterName``, but ``LogFilter`` has no field
for it, so ``logs.name`` is an unknown key like any other.
``GET /flow_runs/{id}/logs/download`` looks the flow run up (404 ``Flow run
not found``) and answers Prefect's CSV with only its header row.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from pydantic import Field

from ..api.params import OFFSET, Params, param, sort_param
from ..api.route import Context, Route, TextBody
from ..errors import NotFoundError
from ..query.filter_models import FilterModel, IdsAnyFilter, OperatorFilterModel, TimesFilter
from ..query.sorting import sort_enum
from ._common import empty_list


class LogFilterLevel(FilterModel):
    """``logs.level``: inclusive ``ge_`` / ``le_`` bounds on the numeric level."""

    ge_: int | None = None
    le_: int | None = None


class LogFilterTimestamp(TimesFilter):
    """``logs.timestamp``: ``before_`` / ``after_``."""


class LogFilterFlowRunId(IdsAnyFilter):
    """``logs.flow_run_id``: ``any_`` of flow-run ids."""


class LogFilterTaskRunId(FilterModel):
    """``logs.task_run_id``: ``any_`` of task-run ids, ``is_null_`` (no operator, unlike the nullable-id bases)."""

    any_: list[UUID] | None = None
    is_null_: bool | None = None


class LogFilterTextSearch(FilterModel):
    """``logs.text``: a search string over message and logger name; required, at most 200 characters."""

    query: Annotated[str, Field(max_length=200)]


class LogFilter(OperatorFilterModel):
    """Body key ``logs``."""

    level: LogFilterLevel | None = None
    timestamp: LogFilterTimestamp | None = None
    flow_run_id: LogFilterFlowRunId | None = None
    task_run_id: LogFilterTaskRunId | None = None
    text: LogFilterTextSearch | None = None


#: Prefect's ``LogSort``: the ``sort`` a log body may give.
LogSort = sort_enum("LogSort", ("TIMESTAMP_ASC", "TIMESTAMP_DESC"))

#: The log read routes (Prefect's parameter order: limit, offset, logs, sort).
ROUTES = (
    Route(
        "POST",
        "/logs/filter",
        empty_list,
        Params((OFFSET, param("logs", LogFilter | None), sort_param(LogSort, LogSort.TIMESTAMP_ASC)), True),
    ),
)

#: The header row of Prefect's log download (csv.writer's line ending).
_CSV_HEADER = "timestamp,level,flow_run_id,task_run_id,message\r\n"


def _download(ctx: Context, v: dict[str, Any]) -> TextBody:
    """``GET /flow_runs/{id}/logs/download``: the run's logs as CSV, here only the header (no logs are held)."""
    run = ctx.engine.record("flow_runs", ctx.path_params["id"])
    if run is None:
        raise NotFoundError(404, {"detail": "Flow run not found"}, f"no flow run {ctx.path_params['id']}")
    filename = quote(f"{run.name}-logs.csv", safe="")
    disposition = f"attachment; filename=\"flow-run-logs.csv\"; filename*=UTF-8''{filename}"
    return TextBody(_CSV_HEADER, "text/csv; charset=utf-8", (("content-disposition", disposition),))


ROUTES = (*ROUTES, Route("GET", "/flow_runs/{id:uuid}/logs/download", _download))

__all__ = [
    "ROUTES",
    "LogFilter",
    "LogFilterFlowRunId",
    "LogFilterLevel",
    "LogFilterTaskRunId",
    "LogFilterTextSearch",
    "LogFilterTimestamp",
    "LogSort",
]
