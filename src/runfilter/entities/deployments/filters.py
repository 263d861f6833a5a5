"""Prefect's ``DeploymentFilter`` (body key ``deployments``), field for field (docs/semantics.md#deployment-fields)."""

from __future__ import annotations

from uuid import UUID

from ...api.params import param
from ...query.filter_models import FilterModel, OperatorFilterModel


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


#: The body key carrying a deployment filter.
FILTER = param("deployments", DeploymentFilter | None)
