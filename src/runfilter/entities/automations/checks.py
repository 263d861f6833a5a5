"""Readers of the JSON values inside an automation, each raising :class:`Invalid` with the path it failed at.

Prefect validates these with pydantic in lax mode; runfilter accepts the
plain JSON forms (a string for a string, an integer for an integer, ...)
and refuses the coercions it does not model rather than guess at them
(docs/semantics.md#automations).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ...codecs import uuid_text

_DURATION = TypeAdapter(dt.timedelta)


class Invalid(ValueError):
    """A value Prefect (or runfilter's subset of it) refuses; ``path`` is relative to the field read."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def at(path: str, key: str | int) -> str:
    """The path of `key` under `path` (``trigger.triggers[0]``, ``actions[2].type``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def text(value: Any, path: str) -> str:
    """A string (Prefect's ``str``; runfilter does not coerce other types)."""
    if not isinstance(value, str):
        raise Invalid(path, f"expected a string, got {value!r}")
    return value


def optional_text(value: Any, path: str) -> str | None:
    """A string or null."""
    return None if value is None else text(value, path)


def flag(value: Any, path: str) -> bool:
    """true or false (Prefect also reads "yes", 1, ...: runfilter refuses those)."""
    if not isinstance(value, bool):
        raise Invalid(path, f"expected true or false, got {value!r}")
    return value


def integer(value: Any, path: str) -> int:
    """A JSON integer (not a boolean, not a float, not a numeric string)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(path, f"expected an integer, got {value!r}")
    return value


def obj(value: Any, path: str) -> dict[str, Any]:
    """A JSON object."""
    if not isinstance(value, dict):
        raise Invalid(path, f"expected an object, got {value!r}")
    return value


def json_object_or_null(value: Any, path: str) -> dict[str, Any] | None:
    """A JSON object with string keys, or null (``parameters``, ``job_variables``)."""
    return None if value is None else obj(value, path)


def text_list(value: Any, path: str) -> list[str]:
    """A list of strings."""
    if not isinstance(value, list):
        raise Invalid(path, f"expected a list of strings, got {value!r}")
    return [text(v, at(path, k)) for k, v in enumerate(value)]


def text_set(value: Any, path: str) -> list[str]:
    """A set of strings (Prefect's ``Set[str]``): duplicates dropped, kept sorted.

    Prefect prints such a set in Python's string-hash order, which varies
    from process to process; runfilter prints it sorted and the corpus
    compares it as a set (docs/semantics.md#automations).
    """
    return sorted(set(text_list(value, path)))


def uuid_or_null(value: Any, path: str) -> str | None:
    """A UUID (any form Python reads) as canonical text, or null."""
    try:
        return uuid_text(value)
    except ValueError as exc:
        raise Invalid(path, str(exc)) from None


def one_of(value: Any, path: str, allowed: tuple[str, ...]) -> str:
    """One of `allowed`, exactly."""
    if not isinstance(value, str) or value not in allowed:
        raise Invalid(path, f"expected one of {', '.join(allowed)}, got {value!r}")
    return value


def seconds(value: Any, path: str) -> float:
    """A duration (seconds as a number, or any text pydantic reads as a timedelta) → seconds as Prefect prints
    them (a float, to the microsecond)."""
    if isinstance(value, bool) or value is None:
        raise Invalid(path, f"expected a duration in seconds, got {value!r}")
    try:
        return _DURATION.validate_python(value).total_seconds()
    except (ValidationError, OverflowError):
        raise Invalid(path, f"expected a duration in seconds, got {value!r}") from None
