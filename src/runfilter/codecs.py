"""Codecs: how a column's value is read from a dataset item and written back to one.

A dataset gives values in Prefect's API form (ISO 8601 text, seconds as
numbers, JSON objects); records keep compact forms (epoch µs, µs durations,
tuples of tags, JSON normalised to what Prefect prints). A :class:`Codec`
converts one way (``read``: raises ``ValueError`` with a reason, the
loader adds the item and field to it) and back (``write``: the dataset
format, so that ``Store.dump()`` reloads into the same records).

Prefect stores some JSON fields through pydantic models that fill defaults,
coerce types and drop unknown keys; :func:`through_model` reads a field
through a mirror of such a model, once, at load time, so responses print
what Prefect prints. Mirrors that belong to one kind live in its folder
(``entities/flow_runs/record.py``: the run policy); the shared ones are here.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, StrictBool, StrictFloat, StrictInt, TypeAdapter, ValidationError

from .errors import ServerError
from .timeutil import format_ts, parse_dataset_time, seconds


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True, eq=False)
class Codec:
    """One column's conversions: ``read`` a non-null dataset value, ``write`` a stored one back.

    ``groupable``: values of this type repeat across records (a state, a
    foreign key), so counting by groups of them can pay off; instants, tag
    lists and JSON objects do not.
    """

    name: str
    read: Callable[[Any], Any]
    write: Callable[[Any], Any] = _same
    groupable: bool = True

    def __repr__(self) -> str:
        return f"<codec {self.name}>"


# --------------------------------------------------------------------------- scalar readers

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Whether a string is canonical UUID text (lowercase, hyphenated): the form records keep.
is_canonical_uuid = _CANONICAL_UUID.fullmatch
_DURATION = TypeAdapter(dt.timedelta)
_ONE_US = dt.timedelta(microseconds=1)


def uuid_text(value: Any) -> str | None:
    """Canonical UUID text of a value (any form `uuid.UUID` reads), or None; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # already canonical: skip uuid.UUID (the loader's hottest call)
    try:
        return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
    except ValueError:
        raise ValueError(f"{value!r} is not a UUID") from None


def duration_us(value: Any) -> int:
    """A duration in seconds (number) or an ISO 8601 duration string, in µs."""
    if value is None:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.timedelta(seconds=value) // _ONE_US
        except OverflowError:
            raise ValueError(f"{value!r} seconds is out of range") from None
    try:
        return _DURATION.validate_python(value) // _ONE_US
    except ValidationError:
        raise ValueError(f"{value!r} is not a duration in seconds") from None


def count(value: Any) -> int:
    """A non-boolean integer counter (``run_count``); None = 0."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def optional_str(value: Any) -> str | None:
    """An optional string."""
    if value is not None and not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def non_empty_str(value: Any) -> str:
    """A string that must not be empty (names Prefect requires)."""
    if value is None or value == "":
        raise ValueError("required")
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def boolean(value: Any, default: bool = False) -> bool:
    """A boolean flag (None = the default)."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
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


def tags(value: Any) -> tuple[str, ...]:
    """A tag list (None = no tags)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError(f"tags must be a list of strings, got {value!r}")
    return tuple(value)


def one_of(*allowed: str) -> Callable[[Any], str]:
    """A reader accepting exactly one of `allowed` (a ``status``)."""

    def read(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"status must be one of {', '.join(allowed)}, got {value!r}")
        return value

    return read


# --------------------------------------------------------------------------- JSON through Prefect's models


class IgnoringModel(BaseModel):
    """Base of the mirrors of Prefect's nested models: unknown keys are dropped, as Prefect drops them."""

    model_config = ConfigDict(extra="ignore")


def _reason(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def through_model(model: type[BaseModel], value: Any) -> dict[str, Any]:
    """`value` validated by `model` and dumped as JSON; ValueError with pydantic's first reason."""
    try:
        return model.model_validate(value).model_dump(mode="json")
    except ValidationError as exc:
        raise ValueError(_reason(exc)) from None
    except ServerError:
        # a ±24:00 offset (which pendulum accepts and Python cannot use): Prefect would store the text
        # as given; runfilter refuses it rather than keep a timestamp it cannot compare
        raise ValueError("a UTC offset of 24 hours or more is not supported") from None


def through_adapter(adapter: TypeAdapter[Any], value: Any) -> Any:
    """`value` validated by `adapter`; ValueError with pydantic's first reason."""
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise ValueError(_reason(exc)) from None


class CreatedBy(IgnoringModel):
    """Mirror of Prefect's ``CreatedBy`` / ``UpdatedBy``."""

    id: UUID | None = None
    type: str | None = None
    display_value: str | None = None


_CREATED_BY_KEYS = frozenset({"id", "type", "display_value"})


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
    return through_model(CreatedBy, value)


_LabelValue = StrictBool | StrictInt | StrictFloat | str
_LABELS = TypeAdapter(dict[str, _LabelValue])
_JSON_OBJECT = TypeAdapter(dict[str, Any])
_JSON_OBJECT_LIST = TypeAdapter(list[dict[str, Any]])

#: The shared ``{}`` of every record that leaves a JSON object field out (never mutated).
EMPTY_OBJECT: dict[str, Any] = {}


def labels(value: Any) -> dict[str, Any] | None:
    """Key-value labels (values: str, int, float or bool) or None."""
    return None if value is None else through_adapter(_LABELS, value)


def json_object(value: Any) -> dict[str, Any]:
    """A free JSON object (``parameters``, ``context``, ``job_variables``, ...); None = ``{}``."""
    return EMPTY_OBJECT if value is None else through_adapter(_JSON_OBJECT, value)


def optional_json_object(value: Any) -> dict[str, Any] | None:
    """A free JSON object or None."""
    return None if value is None else through_adapter(_JSON_OBJECT, value)


def optional_object_list(value: Any) -> list[dict[str, Any]] | None:
    """A list of JSON objects (``pull_steps``) or None."""
    return None if value is None else through_adapter(_JSON_OBJECT_LIST, value)


# --------------------------------------------------------------------------- the shared codecs

ID = Codec("id", uuid_text)
TEXT = Codec("text", optional_str)
NAME = Codec("non-empty text", non_empty_str)
TIME = Codec("time", parse_dataset_time, format_ts, groupable=False)
DURATION = Codec("duration", duration_us, seconds, groupable=False)
COUNT = Codec("count", count)
FLAG = Codec("flag", boolean)
INT = Codec("integer", optional_int)
LIMIT = Codec("limit", lambda value: optional_int(value, 0))
TAGS = Codec("tags", tags, list, groupable=False)
LABELS = Codec("labels", labels, groupable=False)
JSON_OBJECT = Codec("JSON object", json_object, groupable=False)
OPTIONAL_JSON_OBJECT = Codec("JSON object", optional_json_object, groupable=False)
OBJECT_LIST = Codec("list of JSON objects", optional_object_list, groupable=False)
CREATED_BY = Codec("creator", created_by, groupable=False)


def model_codec(name: str, model: type[BaseModel]) -> Codec:
    """A codec reading a JSON field through a mirror of one of Prefect's models."""
    return Codec(name, lambda value: through_model(model, value), groupable=False)


__all__ = [
    "COUNT",
    "CREATED_BY",
    "DURATION",
    "EMPTY_OBJECT",
    "FLAG",
    "ID",
    "INT",
    "JSON_OBJECT",
    "LABELS",
    "LIMIT",
    "NAME",
    "OBJECT_LIST",
    "OPTIONAL_JSON_OBJECT",
    "TAGS",
    "TEXT",
    "TIME",
    "Codec",
    "CreatedBy",
    "IgnoringModel",
    "boolean",
    "count",
    "created_by",
    "duration_us",
    "is_canonical_uuid",
    "json_object",
    "labels",
    "model_codec",
    "non_empty_str",
    "one_of",
    "optional_int",
    "optional_json_object",
    "optional_object_list",
    "optional_str",
    "tags",
    "through_adapter",
    "through_model",
    "uuid_text",
]
