"""Prefect's ``DeploymentFilter`` (body key ``deployments``), field for field (docs/semantics.md#deployment-fields)."""

from __future__ import annotations

from ...api.params import param
from ...query.filter_models import (
    FilterModel,
    IdsFilter,
    NamesFilter,
    OperatorFilterModel,
    StringsFilter,
    TagsAnyFilter,
)


class DeploymentFilterId(IdsFilter):
    """``deployments.id``: ``any_`` / ``not_any_``."""


class DeploymentFilterName(NamesFilter):
    """``deployments.name``: exact ``any_`` or substring ``like_``."""


class DeploymentOrFlowNameFilter(FilterModel):
    """``deployments.flow_or_deployment_name``: ``like_`` on either name."""

    like_: str | None = None


class DeploymentFilterPaused(FilterModel):
    """``deployments.paused``: ``eq_``."""

    eq_: bool | None = None


class DeploymentFilterWorkQueueName(StringsFilter):
    """``deployments.work_queue_name``: exact ``any_`` on the deployment's own string."""


class DeploymentFilterConcurrencyLimit(FilterModel):
    """``deployments.concurrency_limit``: accepted and ignored, as in Prefect (deprecated)."""

    ge_: int | None = None
    le_: int | None = None
    is_null_: bool | None = None


class DeploymentFilterTags(TagsAnyFilter):
    """``deployments.tags``: ``all_`` / ``any_`` / ``is_null_``."""


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
