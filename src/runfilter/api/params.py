"""A route's parameters, validated the way FastAPI validates Prefect's: body keys and query parameters.

Prefect's query endpoints take *embedded* body parameters: every top-level
key is its own parameter, validated separately; unknown top-level keys are
ignored, and ``null`` means "use the default" (docs/semantics.md#body-keys).
GET routes take query parameters the same way (``loc`` starts with
``"query"``). Errors are collected across parameters and reported in one
422 whose ``exception_detail`` follows the route's parameter order, the
``limit`` dependency first (docs/semantics.md#validation-errors). A
``limit`` that is a valid integer but out of range instead fails at once
with a ``{"detail": ...}`` body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from ..errors import BodyValidationError, RequestError
from ..timeutil import RequestDateTime

#: Prefect's ``PREFECT_SERVER_API_DEFAULT_LIMIT``: the default and the maximum ``limit``.
DEFAULT_LIMIT = 200

#: The default of a parameter that has none (it must be given).
REQUIRED: Any = object()


@dataclass(frozen=True)
class Param:
    """One parameter: its name, its validator, its default (:data:`REQUIRED` if none) and where it is read.

    ``location`` is ``"body"`` (a top-level key of the JSON body),
    ``"query"`` (a query-string parameter) or ``"header"`` (a request
    header, named with dashes where Prefect's parameter has underscores).
    """

    name: str
    adapter: TypeAdapter[Any]
    default: Any = None
    location: str = "body"


def param(name: str, annotation: Any, default: Any = None, location: str = "body") -> Param:
    """A :class:`Param` validating values as `annotation`."""
    return Param(name, TypeAdapter(annotation), default, location)


#: The paging parameters.
OFFSET = param("offset", Annotated[int, Field(ge=0)], 0)
PAGE = param("page", Annotated[int, Field(ge=1)], 1)
#: The three keys of a history body.
HISTORY = (
    param("history_start", RequestDateTime, REQUIRED),
    param("history_end", RequestDateTime, REQUIRED),
    param("history_interval_seconds", float, REQUIRED),
)
_LIMIT = TypeAdapter(int)


def sort_param(enum: type[Enum], default: Enum) -> Param:
    """The ``sort`` body key of a list endpoint: one of `enum`'s names."""
    return param("sort", enum, default)


@dataclass(frozen=True)
class Params:
    """The parameters of one route, in FastAPI's validation order.

    ``has_limit``: the route takes Prefect's ``LimitBody`` dependency, which
    is validated (and range-checked) before everything else.
    """

    params: tuple[Param, ...]
    has_limit: bool = False

    @property
    def reads_body(self) -> bool:
        """Whether the route reads a JSON body (FastAPI never parses the body of a route that takes none)."""
        return self.has_limit or any(p.location == "body" for p in self.params)

    def validate(
        self, body: Any, query: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """Validated parameter values by name (plus ``limit``), or raise Prefect's error.

        `query` holds the query-string parameters (the last value of a
        repeated one), `headers` the request headers by lower-case name. Raises :class:`BodyValidationError` (422 with
        ``exception_detail``) or :class:`RequestError` (422 ``{"detail"}``
        for an out-of-range limit).
        """
        values: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        not_an_object = body is not None and not isinstance(body, dict)
        if self.has_limit:
            values["limit"] = self._limit(body, not_an_object, errors)
        for param in self.params:
            if param.location == "query":
                raw = (query or {}).get(param.name)
            elif param.location == "header":
                raw = (headers or {}).get(param.name)
            elif not_an_object:  # FastAPI reports every body parameter missing
                errors.append(_missing(param.location, param.name))
                continue
            else:
                raw = body.get(param.name) if body is not None else None
            if raw is None:
                if param.default is REQUIRED:
                    errors.append(_missing(param.location, param.name))
                values[param.name] = None if param.default is REQUIRED else param.default
                continue
            try:
                # FastAPI validates body parameters with from_attributes=True (it shapes some error types)
                values[param.name] = param.adapter.validate_python(raw, from_attributes=True)
            except ValidationError as exc:
                errors.extend(_prefixed(exc, (param.location, param.name)))
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
            errors.append(_missing("body", "limit"))
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


def _missing(location: str, name: str) -> dict[str, Any]:
    return {"type": "missing", "loc": [location, name], "msg": "Field required", "input": None}


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


__all__ = ["DEFAULT_LIMIT", "HISTORY", "OFFSET", "PAGE", "REQUIRED", "Param", "Params", "param", "sort_param"]
