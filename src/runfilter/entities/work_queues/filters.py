"""Prefect's ``WorkQueueFilter`` (body keys ``work_queues`` and ``work_pool_queues``), field for field
(docs/semantics.md#pool-and-queue-fields)."""

from __future__ import annotations

from ...api.params import param
from ...query.filter_models import FilterModel, IdsAnyFilter, OperatorFilterModel


class WorkQueueFilterId(IdsAnyFilter):
    """``work_queues.id``: ``any_``."""


class WorkQueueFilterName(FilterModel):
    """``work_queues.name``: exact ``any_`` or case-insensitive prefixes ``startswith_``."""

    any_: list[str] | None = None
    startswith_: list[str] | None = None


class WorkQueueFilter(OperatorFilterModel):
    """Body key ``work_queues`` / ``work_pool_queues``."""

    id: WorkQueueFilterId | None = None
    name: WorkQueueFilterName | None = None


#: The body keys carrying a work-queue filter: ``work_queues`` on history and the queue routes,
#: ``work_pool_queues`` on flow-run and deployment routes (docs/semantics.md#body-keys).
FILTER = param("work_queues", WorkQueueFilter | None)
POOL_QUEUES_FILTER = param("work_pool_queues", WorkQueueFilter | None)
