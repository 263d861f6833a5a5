"""Prefect's ``WorkerFilter`` (body key ``workers``), field for field (docs/semantics.md#workers).

Prefect's class also declares a work-pool id field, commented out: ``workers.worker_config_id`` is an
unknown key (422) like any other.
"""

from __future__ import annotations

from enum import Enum

from ...api.params import param
from ...query.filter_models import FilterModel, OperatorFilterModel, TimesFilter


class WorkerStatus(str, Enum):
    """A worker's status (Prefect's ``WorkerStatus``; its members' order is the 422 message's)."""

    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"


class WorkerFilterLastHeartbeatTime(TimesFilter):
    """``workers.last_heartbeat_time``: ``before_`` / ``after_`` (inclusive)."""


class WorkerFilterStatus(FilterModel):
    """``workers.status``: ``any_`` / ``not_any_`` of statuses."""

    any_: list[WorkerStatus] | None = None
    not_any_: list[WorkerStatus] | None = None


class WorkerFilter(OperatorFilterModel):
    """Body key ``workers``: last heartbeat and status, combined by ``operator``."""

    last_heartbeat_time: WorkerFilterLastHeartbeatTime | None = None
    status: WorkerFilterStatus | None = None


#: The body key carrying a worker filter.
FILTER = param("workers", WorkerFilter | None)
