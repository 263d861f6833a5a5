"""Prefect's ``FlowRunFilter`` (body key ``flow_runs``), field for field (docs/semantics.md#flow-run-fields)."""

from __future__ import annotations

from uuid import UUID

from ...api.params import param
from ...query.filter_models import (
    FilterModel,
    IdsFilter,
    NamesFilter,
    NullableIdsFilter,
    NullableTimesFilter,
    OperatorFilterModel,
    StringsFilter,
    StringsNotFilter,
    TagsAnyFilter,
    TimesFilter,
)
from ..runs.states import StateType


class FlowRunFilterId(IdsFilter):
    """``flow_runs.id``: ``any_`` / ``not_any_``."""


class FlowRunFilterName(NamesFilter):
    """``flow_runs.name``: exact ``any_`` or substring ``like_``."""


class FlowRunFilterTags(TagsAnyFilter):
    """``flow_runs.tags``: ``all_`` / ``any_`` / ``is_null_``."""


class FlowRunFilterDeploymentId(NullableIdsFilter):
    """``flow_runs.deployment_id``: ``any_`` / ``is_null_`` (no existence check)."""


class FlowRunFilterWorkQueueName(OperatorFilterModel):
    """``flow_runs.work_queue_name``: the run's own queue-name string."""

    any_: list[str] | None = None
    is_null_: bool | None = None


class FlowRunFilterStateType(FilterModel):
    """``flow_runs.state.type``: ``any_`` / ``not_any_`` of state types."""

    any_: list[StateType] | None = None
    not_any_: list[StateType] | None = None


class FlowRunFilterStateName(StringsNotFilter):
    """``flow_runs.state.name``: ``any_`` / ``not_any_`` of state names."""


class FlowRunFilterState(OperatorFilterModel):
    """``flow_runs.state``: combines ``type`` and ``name``."""

    type: FlowRunFilterStateType | None = None
    name: FlowRunFilterStateName | None = None


class FlowRunFilterFlowVersion(StringsFilter):
    """``flow_runs.flow_version``: exact ``any_``."""


class FlowRunFilterStartTime(NullableTimesFilter):
    """``flow_runs.start_time``: bounds on coalesce(start, expected); ``is_null_`` on start only."""


class FlowRunFilterEndTime(NullableTimesFilter):
    """``flow_runs.end_time``: ``before_`` / ``after_`` / ``is_null_``."""


class FlowRunFilterExpectedStartTime(TimesFilter):
    """``flow_runs.expected_start_time``: ``before_`` / ``after_``."""


class FlowRunFilterNextScheduledStartTime(TimesFilter):
    """``flow_runs.next_scheduled_start_time``: ``before_`` / ``after_``."""


class FlowRunFilterParentFlowRunId(OperatorFilterModel):
    """``flow_runs.parent_flow_run_id``: subflows of the listed runs."""

    any_: list[UUID] | None = None


class FlowRunFilterParentTaskRunId(NullableIdsFilter):
    """``flow_runs.parent_task_run_id``: ``any_`` / ``is_null_``."""


class FlowRunFilterIdempotencyKey(StringsNotFilter):
    """``flow_runs.idempotency_key``: ``any_`` / ``not_any_``."""


class FlowRunFilterCreatedBy(OperatorFilterModel):
    """``flow_runs.created_by``: ``id_`` / ``type_`` of the creator, ``is_null_``."""

    id_: list[UUID] | None = None
    type_: list[str] | None = None
    is_null_: bool | None = None


class FlowRunFilter(OperatorFilterModel):
    """Body key ``flow_runs``."""

    id: FlowRunFilterId | None = None
    name: FlowRunFilterName | None = None
    tags: FlowRunFilterTags | None = None
    deployment_id: FlowRunFilterDeploymentId | None = None
    work_queue_name: FlowRunFilterWorkQueueName | None = None
    state: FlowRunFilterState | None = None
    flow_version: FlowRunFilterFlowVersion | None = None
    start_time: FlowRunFilterStartTime | None = None
    end_time: FlowRunFilterEndTime | None = None
    expected_start_time: FlowRunFilterExpectedStartTime | None = None
    next_scheduled_start_time: FlowRunFilterNextScheduledStartTime | None = None
    parent_flow_run_id: FlowRunFilterParentFlowRunId | None = None
    parent_task_run_id: FlowRunFilterParentTaskRunId | None = None
    idempotency_key: FlowRunFilterIdempotencyKey | None = None
    created_by: FlowRunFilterCreatedBy | None = None


#: The body key carrying a flow-run filter.
FILTER = param("flow_runs", FlowRunFilter | None)
