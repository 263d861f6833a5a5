"""Prefect's ``LogFilter`` (body key ``logs``), field for field (docs/semantics.md#logs).

Prefect also defines a ``LogFilterName``, but ``LogFilter`` has no field
for it, so ``logs.name`` is an unknown key like any other.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from ...api.params import param
from ...query.filter_models import FilterModel, IdsAnyFilter, OperatorFilterModel, TimesFilter


class LogFilterLevel(FilterModel):
    """``logs.level``: inclusive ``ge_`` / ``le_`` bounds on the numeric level."""

    ge_: int | None = None
    le_: int | None = None


class LogFilterTimestamp(TimesFilter):
    """``logs.timestamp``: inclusive ``before_`` / ``after_``."""


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


#: The body key carrying a log filter.
FILTER = param("logs", LogFilter | None)
