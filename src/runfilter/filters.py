"""Request filter models: Prefect's filter classes, field for field.

Each class has Prefect's name, fields, field order and types, so pydantic
reports exactly the errors Prefect reports (same ``type``, ``loc``, ``msg``)
and accepts exactly the inputs Prefect accepts (pydantic's lax coercions).
Unknown keys inside any filter are refused (``extra="forbid"``); that is how
the DSL rejects operators a field does not have.

The models only *describe* a filter. What a filter means is decided in
:mod:`runfilter.compiler` (fast path) and :mod:`runfilter.naive` (the
full-scan reference), both from docs/semantics.md#combining onwards.
"""

from __future__ import annotations

from enum import Enum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from .entities.runs.states import StateType
from .timeutil import RequestDateTime


class Operator(str, Enum):
    """How a filter combines its sub-filters."""

    and_ = "and_"
    or_ = "or_"


class FilterModel(BaseModel):
    """Base of every filter class: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")


class OperatorFilterModel(FilterModel):
    """Base of filter classes that combine their conditions with ``operator``."""

    operator: Operator = Operator.and_


# --------------------------------------------------------------------------- flows


class FlowFilterId(FilterModel):
    """``flows.id``: ``any_`` / ``not_any_`` on the flow id."""

    any_: list[UUID] | None = None
    not_any_: list[UUID] | None = None


class FlowFilterDeployment(OperatorFilterModel):
    """``flows.deployment``: ``is_null_`` = the flow has no deployment."""

    is_null_: bool | None = None


class FlowFilterName(FilterModel):
    """``flows.name``: exact ``any_`` or substring ``like_``."""

    any_: list[str] | None = None
    like_: str | None = None


class FlowFilterTags(OperatorFilterModel):
    """``flows.tags``: ``all_`` / ``is_null_``."""

    all_: list[str] | None = None
    is_null_: bool | None = None


class FlowFilter(OperatorFilterModel):
    """Body key ``flows``."""

    id: FlowFilterId | None = None
    deployment: FlowFilterDeployment | None = None
    name: FlowFilterName | None = None
    tags: FlowFilterTags | None = None


# --------------------------------------------------------------------------- flow runs


class FlowRunFilterId(FilterModel):
    """``flow_runs.id``: ``any_`` / ``not_any_``."""

    any_: list[UUID] | None = None
    not_any_: list[UUID] | None = None


class FlowRunFilterName(FilterModel):
    """``flow_runs.name``: exact ``any_`` or substring ``like_``."""

    any_: list[str] | None = None
    like_: str | None = None


class FlowRunFilterTags(OperatorFilterModel):
    """``flow_runs.tags``: ``all_`` / ``any_`` / ``is_null_``."""

    all_: list[str] | None = None
    any_: list[str] | None = None
    is_null_: bool | None = None


class FlowRunFilterDeploymentId(OperatorFilterModel):
    """``flow_runs.deployment_id``: ``any_`` / ``is_null_`` (no existence check)."""

    any_: list[UUID] | None = None
    is_null_: bool | None = None


class FlowRunFilterWorkQueueName(OperatorFilterModel):
    """``flow_runs.work_queue_name``: the run's own queue-name string."""

    any_: list[str] | None = None
    is_null_: bool | None = None


class FlowRunFilterStateType(FilterModel):
    """``flow_runs.state.type``: ``any_`` / ``not_any_`` of state types."""

    any_: list[StateType] | None = None
    not_any_: list[StateType] | None = None


class FlowRunFilterStateName(FilterModel):
    """``flow_runs.state.name``: ``any_`` / ``not_any_`` of state names."""

    any_: list[str] | None = None
    not_any_: list[str] | None = None


class FlowRunFilterState(OperatorFilterModel):
    """``flow_runs.state``: combines ``type`` and ``name``."""

    type: FlowRunFilterStateType | None = None
    name: FlowRunFilterStateName | None = None


class FlowRunFilterFlowVersion(FilterModel):
    """``flow_runs.flow_version``: exact ``any_``."""

    any_: list[str] | None = None


class FlowRunFilterStartTime(FilterModel):
    """``flow_runs.start_time``: bounds on coalesce(start, expected); ``is_null_`` on start only."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None
    is_null_: bool | None = None


class FlowRunFilterEndTime(FilterModel):
    """``flow_runs.end_time``: ``before_`` / ``after_`` / ``is_null_``."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None
    is_null_: bool | None = None


class FlowRunFilterExpectedStartTime(FilterModel):
    """``flow_runs.expected_start_time``: ``before_`` / ``after_``."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None


class FlowRunFilterNextScheduledStartTime(FilterModel):
    """``flow_runs.next_scheduled_start_time``: ``before_`` / ``after_``."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None


class FlowRunFilterParentFlowRunId(OperatorFilterModel):
    """``flow_runs.parent_flow_run_id``: subflows of the listed runs."""

    any_: list[UUID] | None = None


class FlowRunFilterParentTaskRunId(OperatorFilterModel):
    """``flow_runs.parent_task_run_id``: ``any_`` / ``is_null_``."""

    any_: list[UUID] | None = None
    is_null_: bool | None = None


class FlowRunFilterIdempotencyKey(FilterModel):
    """``flow_runs.idempotency_key``: ``any_`` / ``not_any_``."""

    any_: list[str] | None = None
    not_any_: list[str] | None = None


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


# --------------------------------------------------------------------------- task runs


class TaskRunFilterFlowRunId(OperatorFilterModel):
    """``task_runs.flow_run_id``: note ``is_null_`` defaults to ``False`` (orphans excluded)."""

    any_: list[UUID] | None = None
    is_null_: bool | None = False


class TaskRunFilterId(FilterModel):
    """``task_runs.id``: ``any_`` only."""

    any_: list[UUID] | None = None


class TaskRunFilterName(FilterModel):
    """``task_runs.name``: exact ``any_`` or substring ``like_``."""

    any_: list[str] | None = None
    like_: str | None = None


class TaskRunFilterTags(OperatorFilterModel):
    """``task_runs.tags``: ``all_`` / ``is_null_``."""

    all_: list[str] | None = None
    is_null_: bool | None = None


class TaskRunFilterStateType(FilterModel):
    """``task_runs.state.type``: ``any_`` only."""

    any_: list[StateType] | None = None


class TaskRunFilterStateName(FilterModel):
    """``task_runs.state.name``: ``any_`` only."""

    any_: list[str] | None = None


class TaskRunFilterState(OperatorFilterModel):
    """``task_runs.state``: combines ``type`` and ``name``."""

    type: TaskRunFilterStateType | None = None
    name: TaskRunFilterStateName | None = None


class TaskRunFilterSubFlowRuns(FilterModel):
    """``task_runs.subflow_runs``: ``exists_`` = some flow run has this task run as parent."""

    exists_: bool | None = None


class TaskRunFilterStartTime(FilterModel):
    """``task_runs.start_time``: bounds on start_time itself (no coalesce)."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None
    is_null_: bool | None = None


class TaskRunFilterEndTime(FilterModel):
    """``task_runs.end_time``: ``before_`` / ``after_`` / ``is_null_``."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None
    is_null_: bool | None = None


class TaskRunFilterExpectedStartTime(FilterModel):
    """``task_runs.expected_start_time``: ``before_`` / ``after_``."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None


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


# --------------------------------------------------------------------------- deployments


class DeploymentFilterId(FilterModel):
    """``deployments.id``: ``any_`` / ``not_any_``."""

    any_: list[UUID] | None = None
    not_any_: list[UUID] | None = None


class DeploymentFilterName(FilterModel):
    """``deployments.name``: exact ``any_`` or substring ``like_``."""

    any_: list[str] | None = None
    like_: str | None = None


class DeploymentOrFlowNameFilter(FilterModel):
    """``deployments.flow_or_deployment_name``: ``like_`` on either name."""

    like_: str | None = None


class DeploymentFilterPaused(FilterModel):
    """``deployments.paused``: ``eq_``."""

    eq_: bool | None = None


class DeploymentFilterWorkQueueName(FilterModel):
    """``deployments.work_queue_name``: exact ``any_`` on the deployment's own string."""

    any_: list[str] | None = None


class DeploymentFilterConcurrencyLimit(FilterModel):
    """``deployments.concurrency_limit``: accepted and ignored, as in Prefect (deprecated)."""

    ge_: int | None = None
    le_: int | None = None
    is_null_: bool | None = None


class DeploymentFilterTags(OperatorFilterModel):
    """``deployments.tags``: ``all_`` / ``any_`` / ``is_null_``."""

    all_: list[str] | None = None
    any_: list[str] | None = None
    is_null_: bool | None = None


class DeploymentFilter(OperatorFilterModel):
    """Body key ``deployments``."""

    id: DeploymentFilterId | None = None
    name: DeploymentFilterName | None = None
    flow_or_deployment_name: DeploymentOrFlowNameFilter | None = None
    paused: DeploymentFilterPaused | None = None
    tags: DeploymentFilterTags | None = None
    work_queue_name: DeploymentFilterWorkQueueName | None = None
    concurrency_limit: DeploymentFilterConcurrencyLimit | None = None


# --------------------------------------------------------------------------- work pools and queues


class WorkPoolFilterId(FilterModel):
    """``work_pools.id``: ``any_``."""

    any_: list[UUID] | None = None


class WorkPoolFilterName(FilterModel):
    """``work_pools.name``: exact ``any_``."""

    any_: list[str] | None = None


class WorkPoolFilterType(FilterModel):
    """``work_pools.type``: exact ``any_``."""

    any_: list[str] | None = None


class WorkPoolFilter(OperatorFilterModel):
    """Body key ``work_pools``."""

    id: WorkPoolFilterId | None = None
    name: WorkPoolFilterName | None = None
    type: WorkPoolFilterType | None = None


class WorkQueueFilterId(FilterModel):
    """``work_queues.id``: ``any_``."""

    any_: list[UUID] | None = None


class WorkQueueFilterName(FilterModel):
    """``work_queues.name``: exact ``any_`` or case-insensitive prefixes ``startswith_``."""

    any_: list[str] | None = None
    startswith_: list[str] | None = None


class WorkQueueFilter(OperatorFilterModel):
    """Body key ``work_queues`` / ``work_pool_queues``."""

    id: WorkQueueFilterId | None = None
    name: WorkQueueFilterName | None = None
