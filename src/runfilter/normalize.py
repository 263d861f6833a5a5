"""Normalise a dataset's opaque JSON fields into the JSON Prefect prints.

Prefect stores fields like ``empirical_policy`` or ``created_by`` through
pydantic models that fill defaults, coerce types, drop unknown keys and
apply small rules (a deprecated ``max_retries`` copied into ``retries``). To
print what Prefect prints, the loader passes each such field through a
mirror of that model here, once, at load time. An absent field costs
nothing: it maps to one shared default object.

Each function takes the raw value and returns JSON-ready data, or raises
``ValueError`` with a reason (the loader adds the item and field path).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from .errors import ServerError
from .timeutil import RequestDateTime, format_ts, to_us


class _Ignoring(BaseModel):
    """Prefect's base model behaviour: unknown keys are dropped."""

    model_config = ConfigDict(extra="ignore")


def _copy_deprecated_retry_fields(values: Any) -> Any:
    # Prefect copies the deprecated max_retries / retry_delay_seconds into
    # retries / retry_delay when those are unset (set_run_policy_deprecated_fields).
    if isinstance(values, dict):
        values = dict(values)
        if not values.get("retries") and values.get("max_retries", 0) != 0:
            values["retries"] = values["max_retries"]
        if not values.get("retry_delay") and values.get("retry_delay_seconds", 0) != 0:
            values["retry_delay"] = values["retry_delay_seconds"]
    return values


class FlowRunPolicy(_Ignoring):
    """Mirror of Prefect's ``FlowRunPolicy`` (flow run ``empirical_policy``)."""

    max_retries: int = 0
    retry_delay_seconds: float = 0
    retries: int | None = None
    retry_delay: int | None = None
    pause_keys: list[str] | None = Field(default_factory=list)
    resuming: bool | None = False
    retry_type: Literal["in_process", "reschedule"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _deprecated(cls, values: Any) -> Any:
        return _copy_deprecated_retry_fields(values)


class TaskRunPolicy(_Ignoring):
    """Mirror of Prefect's ``TaskRunPolicy`` (task run ``empirical_policy``)."""

    max_retries: int = 0
    retry_delay_seconds: float = 0
    retries: int | None = None
    retry_delay: int | float | list[int] | list[float] | None = None
    retry_jitter_factor: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _deprecated(cls, values: Any) -> Any:
        return _copy_deprecated_retry_fields(values)


class CreatedBy(_Ignoring):
    """Mirror of Prefect's ``CreatedBy`` / ``UpdatedBy``."""

    id: UUID | None = None
    type: str | None = None
    display_value: str | None = None


class StateDetails(_Ignoring):
    """Mirror of Prefect's ``StateDetails``; the response prints every field."""

    flow_run_id: UUID | None = None
    task_run_id: UUID | None = None
    child_flow_run_id: UUID | None = None
    scheduled_time: RequestDateTime | None = None
    cache_key: str | None = None
    cache_expiration: RequestDateTime | None = None
    deferred: bool | None = False
    untrackable_result: bool = False
    pause_timeout: RequestDateTime | None = None
    pause_reschedule: bool = False
    pause_key: str | None = None
    run_input_keyset: dict[str, str] | None = None
    refresh_cache: bool | None = None
    retriable: bool | None = None
    transition_id: UUID | None = None
    task_parameters_id: UUID | None = None
    traceparent: str | None = None
    deployment_concurrency_lease_id: UUID | None = None


class StorageConfiguration(_Ignoring):
    """Mirror of Prefect's ``WorkPoolStorageConfiguration``."""

    bundle_upload_step: dict[str, Any] | None = None
    bundle_execution_step: dict[str, Any] | None = None
    default_result_storage_block_id: UUID | None = None


class CollisionStrategy(str, Enum):
    """Prefect's ``ConcurrencyLimitStrategy``."""

    ENQUEUE = "ENQUEUE"
    CANCEL_NEW = "CANCEL_NEW"


class ConcurrencyOptions(_Ignoring):
    """Mirror of Prefect's ``ConcurrencyOptions``."""

    collision_strategy: CollisionStrategy
    grace_period_seconds: int | None = None


class QueueFilter(_Ignoring):
    """Mirror of Prefect's legacy ``QueueFilter`` (work queue ``filter``)."""

    tags: list[str] | None = None
    deployment_ids: list[UUID] | None = None


class _TaskRunResult(_Ignoring):
    input_type: Literal["task_run"] = "task_run"
    id: UUID


class _FlowRunResult(_Ignoring):
    input_type: Literal["flow_run"] = "flow_run"
    id: UUID


class _Parameter(_Ignoring):
    input_type: Literal["parameter"] = "parameter"
    name: str


class _Constant(_Ignoring):
    input_type: Literal["constant"] = "constant"
    type: str


_LabelValue = StrictBool | StrictInt | StrictFloat | str
_LABELS = TypeAdapter(dict[str, _LabelValue])
_TASK_INPUTS = TypeAdapter(dict[str, list[_TaskRunResult | _FlowRunResult | _Parameter | _Constant]])
_JSON_OBJECT = TypeAdapter(dict[str, Any])
_JSON_OBJECT_LIST = TypeAdapter(list[dict[str, Any]])
_TAGS = TypeAdapter(list[str])
_STATUS = {
    "work_pools": ("READY", "NOT_READY", "PAUSED"),
    "work_queues": ("READY", "NOT_READY", "PAUSED"),
    "deployments": ("READY", "NOT_READY"),
}

FLOW_RUN_POLICY_DEFAULT = FlowRunPolicy().model_dump(mode="json")
TASK_RUN_POLICY_DEFAULT = TaskRunPolicy().model_dump(mode="json")
STORAGE_CONFIGURATION_DEFAULT = StorageConfiguration().model_dump(mode="json")
STATE_DETAILS_DEFAULT = StateDetails().model_dump(mode="json")
EMPTY_OBJECT: dict[str, Any] = {}


def _reason(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def _through(model: type[BaseModel], value: Any) -> dict[str, Any]:
    try:
        return model.model_validate(value).model_dump(mode="json")
    except ValidationError as exc:
        raise ValueError(_reason(exc)) from None
    except ServerError:
        # a ±24:00 offset (which pendulum accepts and Python cannot use): Prefect would store the text
        # as given; runfilter refuses it rather than keep a timestamp it cannot compare
        raise ValueError("a UTC offset of 24 hours or more is not supported") from None


def _adapt(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise ValueError(_reason(exc)) from None


def flow_run_policy(value: Any) -> dict[str, Any]:
    """A flow run's ``empirical_policy`` as Prefect prints it."""
    return FLOW_RUN_POLICY_DEFAULT if value is None else _through(FlowRunPolicy, value)


def task_run_policy(value: Any) -> dict[str, Any]:
    """A task run's ``empirical_policy`` as Prefect prints it."""
    return TASK_RUN_POLICY_DEFAULT if value is None else _through(TaskRunPolicy, value)


_CREATED_BY_KEYS = frozenset({"id", "type", "display_value"})
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def created_by(value: Any) -> dict[str, Any] | None:
    """``created_by`` / ``updated_by``: ``{id, type, display_value}`` or None."""
    if value is None:
        return None
    if isinstance(value, dict) and _CREATED_BY_KEYS.issuperset(value):
        # the plain shape (canonical id, string fields) needs no model: most runs of a deployment carry it
        ident, kind, shown = value.get("id"), value.get("type"), value.get("display_value")
        if (
            (ident is None or (type(ident) is str and _CANONICAL_UUID.fullmatch(ident)))
            and (kind is None or type(kind) is str)
            and (shown is None or type(shown) is str)
        ):
            return {"id": ident, "type": kind, "display_value": shown}
    return _through(CreatedBy, value)


def state_details(value: Any) -> dict[str, Any] | None:
    """The dataset's ``state.state_details``, keeping only the fields it sets."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("state_details must be an object")
    full = _through(StateDetails, value)
    return {key: full[key] for key in StateDetails.model_fields if key in value}


def scheduled_time_text(value_us: int) -> str:
    """``state_details.scheduled_time`` as printed (an instant)."""
    return format_ts(value_us)  # type: ignore[return-value]


def storage_configuration(value: Any) -> dict[str, Any]:
    """A work pool's ``storage_configuration``."""
    return STORAGE_CONFIGURATION_DEFAULT if value is None else _through(StorageConfiguration, value)


def concurrency_options(value: Any) -> dict[str, Any] | None:
    """A deployment's ``concurrency_options`` or None."""
    return None if value is None else _through(ConcurrencyOptions, value)


def queue_filter(value: Any) -> dict[str, Any] | None:
    """A work queue's legacy ``filter`` or None."""
    return None if value is None else _through(QueueFilter, value)


def labels(value: Any) -> dict[str, Any] | None:
    """Key-value labels (values: str, int, float or bool) or None."""
    return None if value is None else _adapt(_LABELS, value)


def task_inputs(value: Any) -> dict[str, Any]:
    """A task run's ``task_inputs`` (lists of task-run, flow-run, parameter or constant inputs)."""
    if value is None:
        return EMPTY_OBJECT
    parsed = _adapt(_TASK_INPUTS, value)
    return {key: [item.model_dump(mode="json") for item in items] for key, items in parsed.items()}


def json_object(value: Any) -> dict[str, Any]:
    """A free JSON object (``parameters``, ``context``, ``job_variables``, ...); None = ``{}``."""
    return EMPTY_OBJECT if value is None else _adapt(_JSON_OBJECT, value)


def optional_json_object(value: Any) -> dict[str, Any] | None:
    """A free JSON object or None."""
    return None if value is None else _adapt(_JSON_OBJECT, value)


def optional_object_list(value: Any) -> list[dict[str, Any]] | None:
    """A list of JSON objects (``pull_steps``) or None."""
    return None if value is None else _adapt(_JSON_OBJECT_LIST, value)


def tags(value: Any) -> tuple[str, ...]:
    """A tag list (None = no tags)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError(f"tags must be a list of strings, got {value!r}")
    return tuple(value)


def status(kind: str, value: Any) -> str:
    """A pool, queue or deployment ``status``; Prefect's default is ``NOT_READY``."""
    if value is None:
        return "NOT_READY"
    if value not in _STATUS[kind]:
        raise ValueError(f"status must be one of {', '.join(_STATUS[kind])}, got {value!r}")
    return value


def optional_int(value: Any, minimum: int | None = None) -> int | None:
    """An optional integer (``concurrency_limit``, ...), with an optional lower bound."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValueError(f"expected an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"must be >= {minimum}, got {value}")
    return value


def optional_str(value: Any) -> str | None:
    """An optional string."""
    if value is not None and not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def boolean(value: Any, default: bool) -> bool:
    """A boolean flag (None = the default)."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def instant(value: Any) -> int | None:
    """A timestamp given as a parsed datetime (from pydantic) in epoch µs."""
    return None if value is None else to_us(value)
