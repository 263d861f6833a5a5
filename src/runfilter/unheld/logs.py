"""Logs: ``POST /logs/filter`` answered as Prefect answers it for a database holding no logs.

The body is validated against Prefect's ``LogFilter`` and ``LogSort``,
mirrored below field for field under Prefect's class names, so 422s are
Prefect's; a valid body gets ``[]`` (docs/semantics.md#unheld-kinds).
Prefect also defines a ``LogFilterName``, but ``LogFilter`` has no field
for it, so ``logs.name`` is an unknown key like any other.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from ..api.params import OFFSET, Params, param, sort_param
from ..api.route import Route
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
