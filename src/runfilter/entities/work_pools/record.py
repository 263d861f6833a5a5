"""The work pool record (table ``work_pool``): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from ... import codecs
from ...codecs import Codec, IgnoringModel
from ...schema import LOOKUP, ORDERED, RESTRICT, Ref, column


class StorageConfiguration(IgnoringModel):
    """Mirror of Prefect's ``WorkPoolStorageConfiguration``."""

    bundle_upload_step: dict[str, Any] | None = None
    bundle_execution_step: dict[str, Any] | None = None
    default_result_storage_block_id: UUID | None = None


#: What Prefect stores for a pool created without a storage configuration.
STORAGE_CONFIGURATION_DEFAULT = StorageConfiguration().model_dump(mode="json")
#: Statuses a work pool can have.
POOL_STATUS = Codec("work pool status", codecs.one_of("READY", "NOT_READY", "PAUSED"))


@dataclass(slots=True, eq=False)
class WorkPool:
    """A work pool (table ``work_pool``)."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(codecs.NAME, required=True, index=LOOKUP | ORDERED)
    type: str = column(codecs.NAME, required=True, index=LOOKUP)
    description: str | None = column(codecs.TEXT)
    base_job_template: dict[str, Any] = column(codecs.JSON_OBJECT, default=codecs.EMPTY_OBJECT)
    is_paused: bool = column(codecs.FLAG, default=False)
    #: every pool has one (the loader derives it); a pool's default queue cannot be deleted on its own
    default_queue_id: str | None = column(codecs.ID, ref=Ref("work_queues", RESTRICT, role="default queue"))
    concurrency_limit: int | None = column(codecs.LIMIT)
    #: a missing one is settled once the workers are loaded: READY with an ONLINE worker, else NOT_READY
    #: (docs/semantics.md#workers)
    status: str = column(POOL_STATUS)
    storage_configuration: dict[str, Any] = column(
        codecs.model_codec("storage configuration", StorageConfiguration), default=STORAGE_CONFIGURATION_DEFAULT
    )
    created: int = column(codecs.TIME)
    updated: int = column(codecs.TIME)
