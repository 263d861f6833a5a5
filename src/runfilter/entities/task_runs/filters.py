"""Prefect's ``TaskRunFilter`` (body key ``task_runs``), field for field (docs/semantics.md#task-run-fields)."""

from __future__ import annotations

from uuid import UUID

from ...api.params import param
from ...query.filter_models import (
    FilterModel,
    IdsAnyFilter,
    NamesFilter,
    NullableTimesFilter,
    OperatorFilterModel,
    StringsFilter,
    TagsFilter,
    TimesFilter,
)
from ..runs.states import StateType


class TaskRunFilterFlowRunId(OperatorFilterModel):
    """``task_runs.flow_run_id``: note ``is_null_`` defaults to ``False`` (orphans excluded)."""

    any_: list[UUID] | None = None
    is_null_: bool | None = False


class TaskRunFilterId(IdsAnyFilter):
    """``task_runs.id``: ``any_`` only."""


class TaskRunFilterName(NamesFilter):
    """``task_runs.name``: exact ``any_`` or substring ``like_``."""


class TaskRunFilterTags(TagsFilter):
    """``task_runs.tags``: ``all_`` / ``is_null_``."""


class TaskRunFilterStateType(FilterModel):
    """``task_runs.state.type``: ``any_`` only."""

    any_: list[StateType] | None = None


class TaskRunFilterStateName(StringsFilter):
    """``task_runs.state.name``: ``any_`` only."""


class TaskRunFilterState(OperatorFilterModel):
    """``task_runs.state``: combines ``type`` and ``name``."""

    type: TaskRunFilterStateType | None = None
    name: TaskRunFilterStateName | None = None


class TaskRunFilterSubFlowRuns(FilterModel):
    """``task_runs.subflow_runs``: ``exists_`` = some flow run has this task run as parent."""

    exists_: bool | None = None


class TaskRunFilterStartTime(NullableTimesFilter):
    """``task_runs.start_time``: bounds on start_time itself (no coalesce)."""


class TaskRunFilterEndTime(NullableTimesFilter):
    """``task_runs.end_time``: ``before_`` / ``after_`` / ``is_null_``."""


class TaskRunFilterExpectedStartTime(TimesFilter):
    """``task_runs.expected_start_time``: ``before_`` / ``after_``."""


class TaskRunFilter(OperatorFilterModel):
    """Body key ``task_runs``."""

    id: TaskRunFilterId | None = None
    name: TaskRunFilterName | None = None
    tags: TaskRunFilterTags | None = None
    state: TaskRunFilterState | None = None
    start_time: TaskRunFilterStartTime | None = None
    end_time: TaskRunFilterEndTime | None = None
    expected_start_time: TaskRunFilterExpectedStartTime | None = None
    subflow_runs: TaskRunFilterSubFlowRuns | None = None
    flow_run_id: TaskRunFilterFlowRunId | None = None


#: The body key carrying a task-run filter.
FILTER = param("task_runs", TaskRunFilter | None)
