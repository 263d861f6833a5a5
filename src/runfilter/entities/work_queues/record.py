"""The work queue record (table ``work_queue``): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ... import codecs
from ...codecs import Codec, IgnoringModel
from ...schema import CASCADE, LOOKUP, ORDERED, Ref, column


class QueueFilter(IgnoringModel):
    """Mirror of Prefect's legacy ``QueueFilter`` (work queue ``filter``)."""

    tags: list[str] | None = None
    deployment_ids: list[UUID] | None = None


#: Statuses a work queue can have.
QUEUE_STATUS = Codec("work queue status", codecs.one_of("READY", "NOT_READY", "PAUSED"))


@dataclass(slots=True, eq=False)
class WorkQueue:
    """A work queue of a pool (table ``work_queue``)."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(codecs.NAME, required=True, index=LOOKUP | ORDERED)
    work_pool_id: str = column(codecs.ID, required=True, ref=Ref("work_pools", CASCADE, link="work_pool"), index=LOOKUP)
    #: the loader numbers queues of a pool 1, 2, ... when the dataset gives none
    priority: int = column(codecs.INT, index=ORDERED)
    description: str = column(codecs.TEXT, default="")
    is_paused: bool = column(codecs.FLAG, default=False)
    concurrency_limit: int | None = column(codecs.LIMIT)
    filter: dict[str, Any] | None = column(codecs.model_codec("legacy queue filter", QueueFilter))
    last_polled: int | None = column(codecs.TIME)
    status: str = column(QUEUE_STATUS, default="NOT_READY")
    created: int = column(codecs.TIME)
    updated: int = column(codecs.TIME)
