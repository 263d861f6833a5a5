"""Prefect's ``FlowFilter`` (body key ``flows``), field for field (docs/semantics.md#flow-fields)."""

from __future__ import annotations

from ...api.params import param
from ...query.filter_models import IdsFilter, NamesFilter, OperatorFilterModel, TagsFilter


class FlowFilterId(IdsFilter):
    """``flows.id``: ``any_`` / ``not_any_`` on the flow id."""


class FlowFilterDeployment(OperatorFilterModel):
    """``flows.deployment``: ``is_null_`` = the flow has no deployment."""

    is_null_: bool | None = None


class FlowFilterName(NamesFilter):
    """``flows.name``: exact ``any_`` or substring ``like_``."""


class FlowFilterTags(TagsFilter):
    """``flows.tags``: ``all_`` / ``is_null_``."""


class FlowFilter(OperatorFilterModel):
    """Body key ``flows``."""

    id: FlowFilterId | None = None
    deployment: FlowFilterDeployment | None = None
    name: FlowFilterName | None = None
    tags: FlowFilterTags | None = None


#: The body key carrying a flow filter.
FILTER = param("flows", FlowFilter | None)
