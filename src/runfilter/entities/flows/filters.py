"""Prefect's ``FlowFilter`` (body key ``flows``), field for field (docs/semantics.md#flow-fields)."""

from __future__ import annotations

from uuid import UUID

from ...api.params import param
from ...query.filter_models import FilterModel, OperatorFilterModel


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


#: The body key carrying a flow filter.
FILTER = param("flows", FlowFilter | None)
