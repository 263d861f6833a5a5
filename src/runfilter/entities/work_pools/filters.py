"""Prefect's ``WorkPoolFilter`` (body key ``work_pools``), field for field (docs/semantics.md#pool-and-queue-fields)."""

from __future__ import annotations

from ...api.params import param
from ...query.filter_models import IdsAnyFilter, OperatorFilterModel, StringsFilter


class WorkPoolFilterId(IdsAnyFilter):
    """``work_pools.id``: ``any_``."""


class WorkPoolFilterName(StringsFilter):
    """``work_pools.name``: exact ``any_``."""


class WorkPoolFilterType(StringsFilter):
    """``work_pools.type``: exact ``any_``."""


class WorkPoolFilter(OperatorFilterModel):
    """Body key ``work_pools``."""

    id: WorkPoolFilterId | None = None
    name: WorkPoolFilterName | None = None
    type: WorkPoolFilterType | None = None


#: The body key carrying a work-pool filter.
FILTER = param("work_pools", WorkPoolFilter | None)
