"""Prefect's ``WorkPoolFilter`` (body key ``work_pools``), field for field (docs/semantics.md#pool-and-queue-fields)."""

from __future__ import annotations

from uuid import UUID

from ...api.params import param
from ...query.filter_models import FilterModel, OperatorFilterModel


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


#: The body key carrying a work-pool filter.
FILTER = param("work_pools", WorkPoolFilter | None)
