"""The deployment record (table ``deployment``): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from ... import codecs
from ...codecs import Codec, IgnoringModel
from ...schema import CASCADE, LOOKUP, ORDERED, SET_NULL, Ref, column


class CollisionStrategy(str, Enum):
    """Prefect's ``ConcurrencyLimitStrategy``."""

    ENQUEUE = "ENQUEUE"
    CANCEL_NEW = "CANCEL_NEW"


class ConcurrencyOptions(IgnoringModel):
    """Mirror of Prefect's ``ConcurrencyOptions``."""

    collision_strategy: CollisionStrategy
    grace_period_seconds: int | None = None


#: Statuses a deployment can have.
DEPLOYMENT_STATUS = Codec("deployment status", codecs.one_of("READY", "NOT_READY"))


@dataclass(slots=True, eq=False)
class Deployment:
    """A deployment (table ``deployment``, plus its ``deployment:<id>`` concurrency limit)."""

    id: str = column(codecs.ID)
    seq: int = column()
    #: required, but "" is a name Prefect accepts
    name: str = column(codecs.TEXT, required=True, index=LOOKUP | ORDERED)
    flow_id: str = column(
        codecs.ID, required=True, ref=Ref("flows", CASCADE, link="flow", reverse="deployments"), index=LOOKUP
    )
    work_queue_id: str | None = column(codecs.ID, ref=Ref("work_queues", SET_NULL, link="work_queue"), index=LOOKUP)
    #: the deployment's own copy of its queue's name (the loader copies it from the queue when not given)
    work_queue_name: str | None = column(codecs.TEXT, index=LOOKUP)
    paused: bool = column(codecs.FLAG, default=False, index=LOOKUP)
    tags: tuple[str, ...] = column(codecs.TAGS, default=(), index=LOOKUP)
    labels: dict[str, Any] | None = column(codecs.LABELS)
    version: str | None = column(codecs.TEXT)
    description: str | None = column(codecs.TEXT)
    parameters: dict[str, Any] = column(codecs.JSON_OBJECT, default=codecs.EMPTY_OBJECT)
    #: read from ``job_variables`` or, as Prefect still accepts, ``infra_overrides``
    job_variables: dict[str, Any] = column(codecs.JSON_OBJECT, default=codecs.EMPTY_OBJECT)
    path: str | None = column(codecs.TEXT)
    entrypoint: str | None = column(codecs.TEXT)
    pull_steps: list[Any] | None = column(codecs.OBJECT_LIST)
    parameter_openapi_schema: dict[str, Any] | None = column(codecs.OPTIONAL_JSON_OBJECT)
    enforce_parameter_schema: bool = column(codecs.FLAG, default=True)
    #: the dataset's number, kept as Prefect keeps its deprecated column; responses show the limit row instead
    concurrency_limit: int | None = column(codecs.LIMIT)
    #: the ``deployment:<id>`` concurrency limit Prefect creates for a ``concurrency_limit`` (loader-derived;
    #: the row itself is built by the concurrency-limit kind, docs/semantics.md#concurrency-limits)
    concurrency_limit_id: str | None = column(
        ref=Ref("concurrency_limits_v2", SET_NULL, role="concurrency limit"), index=LOOKUP
    )
    concurrency_options: dict[str, Any] | None = column(codecs.model_codec("concurrency options", ConcurrencyOptions))
    status: str = column(DEPLOYMENT_STATUS, default="NOT_READY")
    last_polled: int | None = column(codecs.TIME)
    created_by: dict[str, Any] | None = column(codecs.CREATED_BY)
    updated_by: dict[str, Any] | None = column(codecs.CREATED_BY)
    #: the schedules as Prefect answers them (``DeploymentSchedule`` JSON, see ``schedules.py``)
    schedules: list[dict[str, Any]] = column()
    created: int = column(codecs.TIME, index=ORDERED)
    updated: int = column(codecs.TIME, index=ORDERED)
