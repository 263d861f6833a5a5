"""Workers: ``POST /work_pools/{work_pool_name}/workers/filter`` and ``POST /task_workers/filter``.

No dataset carries workers, and task workers exist only while they hold a
connection to a server, so both lists are empty (docs/semantics.md#unheld-kinds).
A pool's workers are read only after its name is found: an unknown pool is
404 ``Work pool "<name>" not found.`` (after the body's validation). A
``last_heartbeat_time`` bound with a ±24:00 offset makes Prefect fail binding
it (500) unless an ``or_`` filter has an empty ``status`` (a plain TRUE).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..api.params import OFFSET, Params, param
from ..api.route import Context, Route
from ..errors import NotFoundError
from ..query.filter_models import FilterModel, Operator, OperatorFilterModel, TimesFilter
from ..timeutil import has_unusable_offset, to_us
from ._common import empty_list


class WorkerStatus(str, Enum):
    """A worker's status."""

    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"


class WorkerFilterLastHeartbeatTime(TimesFilter):
    """``workers.last_heartbeat_time``: ``before_`` / ``after_`` (inclusive)."""


class WorkerFilterStatus(FilterModel):
    """``workers.status``: ``any_`` / ``not_any_`` of statuses."""

    any_: list[WorkerStatus] | None = None
    not_any_: list[WorkerStatus] | None = None


class WorkerFilter(OperatorFilterModel):
    """The ``workers`` body key: last heartbeat and status, combined by ``operator``."""

    last_heartbeat_time: WorkerFilterLastHeartbeatTime | None = None
    status: WorkerFilterStatus | None = None


class TaskWorkerFilter(BaseModel):
    """The ``task_worker_filter`` body key: task keys (required; unknown keys are ignored)."""

    task_keys: list[str]


def _bind(f: WorkerFilter | None) -> None:
    """Raise Prefect's 500 if the query binds an unusable heartbeat bound."""
    if f is None or f.last_heartbeat_time is None:
        return
    times = f.last_heartbeat_time
    unusable = [when for when in (times.before_, times.after_) if has_unusable_offset(when)]
    if not unusable:
        return
    # Prefect skips an empty not_any_, so a status without any_ and without not_any_ items is TRUE
    status = f.status
    if f.operator is Operator.or_ and status is not None and status.any_ is None and not status.not_any_:
        return  # or_(TRUE, ...) is TRUE: the bound never reaches SQL
    to_us(unusable[0])  # raises


def _workers(ctx: Context, v: dict[str, Any]) -> list[Any]:
    """A pool's workers: none, once the pool is found."""
    name = ctx.path_params["work_pool_name"]
    if ctx.engine.pool_named(name) is None:
        raise NotFoundError(404, {"detail": f'Work pool "{name}" not found.'}, f"no work pool named {name!r}")
    _bind(v["workers"])
    return []


#: The worker read routes.
ROUTES = (
    Route(
        "POST",
        "/work_pools/{work_pool_name}/workers/filter",
        _workers,
        Params((param("workers", WorkerFilter, None), OFFSET), True),
    ),
    Route("POST", "/task_workers/filter", empty_list, Params((param("task_worker_filter", TaskWorkerFilter, None),))),
)

__all__ = [
    "ROUTES",
    "TaskWorkerFilter",
    "WorkerFilter",
    "WorkerFilterLastHeartbeatTime",
    "WorkerFilterStatus",
    "WorkerStatus",
]
