"""The worker record (table ``worker``): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ... import codecs
from ...codecs import Codec
from ...schema import CASCADE, LOOKUP, ORDERED, Ref, column

#: The statuses a worker row can hold (Prefect's ``WorkerStatus``, in its order).
WORKER_STATUSES = ("ONLINE", "OFFLINE")
#: How a dataset's worker ``status`` is read: exactly one of them.
WORKER_STATUS = Codec("worker status", codecs.one_of(*WORKER_STATUSES))

_LAX_INT = TypeAdapter(int)


def heartbeat_interval(value: Any) -> int:
    """``heartbeat_interval_seconds`` read as Prefect's ``Worker`` model reads it: a lax integer
    (``"20"``, ``20.0`` and ``true`` pass; ``20.5`` does not)."""
    try:
        return _LAX_INT.validate_python(value)
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"]) from None


#: How a dataset's ``heartbeat_interval_seconds`` is read (:func:`heartbeat_interval`).
HEARTBEAT_INTERVAL = Codec("heartbeat interval", heartbeat_interval)


@dataclass(slots=True, eq=False)
class Worker:
    """A worker of a pool (table ``worker``): its heartbeats and the status Prefect last stored."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(codecs.NAME, required=True)
    #: a pool's workers go with it (``ondelete="cascade"``); the worker route reads one pool's workers
    work_pool_id: str = column(codecs.ID, required=True, ref=Ref("work_pools", CASCADE), index=LOOKUP)
    #: the loader defaults it to ``created``; the route's order and the ``last_heartbeat_time`` filter
    last_heartbeat_time: int = column(codecs.TIME, index=ORDERED)
    heartbeat_interval_seconds: int | None = column(HEARTBEAT_INTERVAL)
    #: the stored column the ``status`` filter reads and responses print; the loader derives a missing one
    #: (docs/semantics.md#workers)
    status: str = column(WORKER_STATUS, index=LOOKUP)
    created: int = column(codecs.TIME)
    updated: int = column(codecs.TIME)
