"""Request bodies: each endpoint's parameters, validated the way FastAPI validates Prefect's.

Prefect's query endpoints take *embedded* body parameters: every top-level
key is its own parameter, validated separately; unknown top-level keys are
ignored, and ``null`` means "use the default" (docs/semantics.md#body-keys).
Errors are collected across parameters and reported in one 422 whose
``exception_detail`` follows the endpoint's parameter order, the ``limit``
dependency first (docs/semantics.md#validation-errors). A ``limit`` that is a valid integer but out of
range instead fails at once with a ``{"detail": ...}`` body.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from .errors import BodyValidationError, RequestError
from .filters import (
    DeploymentFilter,
    FlowFilter,
    FlowRunFilter,
    TaskRunFilter,
    WorkPoolFilter,
    WorkQueueFilter,
)
from .timeutil import RequestDateTime

#: Prefect's ``PREFECT_SERVER_API_DEFAULT_LIMIT``: the default and the maximum ``limit``.
DEFAULT_LIMIT = 200

_REQUIRED: Any = object()


class FlowRunSort(str, Enum):
    """Prefect's ``FlowRunSort`` (member order is the order of its error message)."""

    ID_DESC = "ID_DESC"
    START_TIME_ASC = "START_TIME_ASC"
    START_TIME_DESC = "START_TIME_DESC"
    EXPECTED_START_TIME_ASC = "EXPECTED_START_TIME_ASC"
    EXPECTED_START_TIME_DESC = "EXPECTED_START_TIME_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    NEXT_SCHEDULED_START_TIME_ASC = "NEXT_SCHEDULED_START_TIME_ASC"
    END_TIME_DESC = "END_TIME_DESC"


class TaskRunSort(str, Enum):
    """Prefect's ``TaskRunSort``."""

    ID_DESC = "ID_DESC"
    EXPECTED_START_TIME_ASC = "EXPECTED_START_TIME_ASC"
    EXPECTED_START_TIME_DESC = "EXPECTED_START_TIME_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    NEXT_SCHEDULED_START_TIME_ASC = "NEXT_SCHEDULED_START_TIME_ASC"
    END_TIME_DESC = "END_TIME_DESC"
    DURATION_DESC = "DURATION_DESC"
    DURATION_ASC = "DURATION_ASC"


class FlowSort(str, Enum):
    """Prefect's ``FlowSort``."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"


class DeploymentSort(str, Enum):
    """Prefect's ``DeploymentSort``."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"


@dataclass(frozen=True)
class Param:
    """One body parameter: its key, its validator and its default (``_REQUIRED`` if none)."""

    name: str
    adapter: TypeAdapter[Any]
    default: Any = None


def _p(name: str, annotation: Any, default: Any = None) -> Param:
    return Param(name, TypeAdapter(annotation), default)


_FLOWS = _p("flows", FlowFilter | None)
_FLOW_RUNS = _p("flow_runs", FlowRunFilter | None)
_TASK_RUNS = _p("task_runs", TaskRunFilter | None)
_DEPLOYMENTS = _p("deployments", DeploymentFilter | None)
_WORK_POOLS = _p("work_pools", WorkPoolFilter | None)
_WORK_POOL_QUEUES = _p("work_pool_queues", WorkQueueFilter | None)
_WORK_QUEUES = _p("work_queues", WorkQueueFilter | None)
_OFFSET = _p("offset", Annotated[int, Field(ge=0)], 0)
_PAGE = _p("page", Annotated[int, Field(ge=1)], 1)
_HISTORY = (
    _p("history_start", RequestDateTime, _REQUIRED),
    _p("history_end", RequestDateTime, _REQUIRED),
    _p("history_interval_seconds", float, _REQUIRED),
)
_LIMIT = TypeAdapter(int)


@dataclass(frozen=True)
class BodySpec:
    """The parameters of one endpoint, in FastAPI's validation order.

    ``has_limit``: the endpoint takes Prefect's ``LimitBody`` dependency,
    which is validated (and range-checked) before everything else.
    """

    params: tuple[Param, ...]
    has_limit: bool = False

    def validate(self, body: Any) -> dict[str, Any]:
        """Validated parameter values by name (plus ``limit``), or raise Prefect's error.

        Raises :class:`BodyValidationError` (422 with ``exception_detail``) or
        :class:`RequestError` (422 ``{"detail"}`` for an out-of-range limit).
        """
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        not_an_object = body is not None and not isinstance(body, dict)
        if self.has_limit:
            values["limit"] = self._limit(body, not_an_object, errors)
        for param in self.params:
            if not_an_object:  # FastAPI reports every parameter missing
                errors.append(_missing(param.name))
                continue
            raw = body.get(param.name) if body is not None else None
            if raw is None:
                if param.default is _REQUIRED:
                    errors.append(_missing(param.name))
                values[param.name] = None if param.default is _REQUIRED else param.default
                continue
            try:
                # FastAPI validates body parameters with from_attributes=True (it shapes some error types)
                values[param.name] = param.adapter.validate_python(raw, from_attributes=True)
            except ValidationError as exc:
                errors.extend(_prefixed(exc, ("body", param.name)))
        if errors:
            raise BodyValidationError(
                422,
                {
                    "exception_message": "Invalid request received.",
                    "exception_detail": errors,
                    "request_body": body,
                },
                errors,
            )
        return values

    def _limit(self, body: Any, not_an_object: bool, errors: list[dict[str, Any]]) -> int:
        if not_an_object:
            errors.append(_missing("limit"))
            return DEFAULT_LIMIT
        raw = body.get("limit") if body is not None else None
        if raw is None:
            return DEFAULT_LIMIT
        try:
            limit = _LIMIT.validate_python(raw, from_attributes=True)
        except ValidationError as exc:
            errors.extend(_prefixed(exc, ("body", "limit")))
            return DEFAULT_LIMIT
        # Prefect's LimitBody dependency: checked before any other parameter is validated
        if limit < 0:
            raise RequestError(
                422,
                {"detail": "Invalid limit: must be greater than or equal to 0."},
                "limit: must be greater than or equal to 0",
            )
        if limit > DEFAULT_LIMIT:
            raise RequestError(
                422,
                {"detail": f"Invalid limit: must be less than or equal to {DEFAULT_LIMIT}."},
                f"limit: must be less than or equal to {DEFAULT_LIMIT}",
            )
        return limit


def _missing(name: str) -> dict[str, Any]:
    return {"type": "missing", "loc": ["body", name], "msg": "Field required", "input": None}


def _jsonable(value: Any) -> Any:
    # FastAPI's jsonable_encoder turns an exception in an error's ctx into {}
    if isinstance(value, BaseException):
        return {}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _prefixed(exc: ValidationError, prefix: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors(include_url=False):
        item: dict[str, Any] = {
            "type": error["type"],
            "loc": [*prefix, *error["loc"]],
            "msg": error["msg"],
            "input": error["input"],
        }
        if "ctx" in error:
            item["ctx"] = {k: _jsonable(v) for k, v in error["ctx"].items()}
        out.append(item)
    return out


def _sort(enum: type[Enum], default: Enum) -> Param:
    return _p("sort", enum, default)


_RUN_FILTERS = (_FLOWS, _FLOW_RUNS, _TASK_RUNS, _DEPLOYMENTS)
_FLOW_RUN_FILTERS = (*_RUN_FILTERS, _WORK_POOLS, _WORK_POOL_QUEUES)

#: Body specification of every served endpoint (path without ``/api``, no leading slash).
BODY_SPECS: dict[str, BodySpec] = {
    "flow_runs/filter": BodySpec((_sort(FlowRunSort, FlowRunSort.ID_DESC), _OFFSET, *_FLOW_RUN_FILTERS), True),
    "flow_runs/count": BodySpec(_FLOW_RUN_FILTERS),
    "flow_runs/paginate": BodySpec((_sort(FlowRunSort, FlowRunSort.ID_DESC), _PAGE, *_FLOW_RUN_FILTERS), True),
    "flow_runs/history": BodySpec((*_HISTORY, *_RUN_FILTERS, _WORK_POOLS, _WORK_QUEUES)),
    "task_runs/filter": BodySpec((_sort(TaskRunSort, TaskRunSort.ID_DESC), _OFFSET, *_RUN_FILTERS), True),
    "task_runs/count": BodySpec(_RUN_FILTERS),
    "task_runs/paginate": BodySpec((_sort(TaskRunSort, TaskRunSort.ID_DESC), _PAGE, *_RUN_FILTERS), True),
    "task_runs/history": BodySpec((*_HISTORY, *_RUN_FILTERS)),
    "flows/filter": BodySpec((_OFFSET, *_RUN_FILTERS, _WORK_POOLS, _sort(FlowSort, FlowSort.NAME_ASC)), True),
    "flows/count": BodySpec((*_RUN_FILTERS, _WORK_POOLS)),
    "flows/paginate": BodySpec((_PAGE, *_RUN_FILTERS, _WORK_POOLS, _sort(FlowSort, FlowSort.NAME_ASC)), True),
    "deployments/filter": BodySpec((_OFFSET, *_FLOW_RUN_FILTERS, _sort(DeploymentSort, DeploymentSort.NAME_ASC)), True),
    "deployments/count": BodySpec(_FLOW_RUN_FILTERS),
    "deployments/paginate": BodySpec((_PAGE, *_FLOW_RUN_FILTERS, _sort(DeploymentSort, DeploymentSort.NAME_ASC)), True),
    "work_pools/filter": BodySpec((_WORK_POOLS, _OFFSET), True),
    "work_pools/count": BodySpec((_WORK_POOLS,)),
    "work_queues/filter": BodySpec((_OFFSET, _WORK_QUEUES), True),
    "work_pools/{name}/queues/filter": BodySpec((_WORK_QUEUES, _OFFSET), True),
}
