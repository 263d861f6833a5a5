"""The variable record (table ``variable``): declared once, column by column, with Prefect's validation."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ... import codecs
from ...codecs import Codec
from ...schema import LOOKUP, ORDERED, column

#: Prefect's ``MAX_VARIABLE_NAME_LENGTH`` and ``MAX_VARIABLE_VALUE_LENGTH``.
MAX_NAME_LENGTH = 255
MAX_VALUE_LENGTH = 5000
# Prefect checks names with re.match and "$": a single trailing newline passes (docs/semantics.md#variables)
_NAME = re.compile(r"^[a-z0-9\-_]*$")


def variable_name(value: Any) -> str:
    """A name as ``VariableCreate`` accepts it: text of at most 255 characters, lowercase letters,
    digits, ``-`` and ``_`` (empty allowed, as in Prefect)."""
    if not isinstance(value, str):
        raise ValueError(f"Input should be a valid string, got {value!r}")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(f"String should have at most {MAX_NAME_LENGTH} characters")
    if not _NAME.match(value):
        raise ValueError("Variable name must only contain lowercase letters, numbers, and dashes or underscores.")
    return value


_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1


def _serializable(value: Any) -> bool:
    # orjson (Prefect's check) refuses integers outside 64 bits, and so do we
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return True
    if isinstance(value, int):
        return _INT64_MIN <= value <= _UINT64_MAX
    if isinstance(value, list):
        return all(_serializable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _serializable(v) for k, v in value.items())
    return False


def variable_value(value: Any) -> Any:
    """A value as ``StrictVariableValue`` accepts it: any JSON whose compact text is at most 5000 bytes."""
    if not _serializable(value):
        raise ValueError("Variable value must be serializable to JSON")
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if len(text.encode()) > MAX_VALUE_LENGTH:
        raise ValueError(f"Variable value must be less than {MAX_VALUE_LENGTH} characters")
    return value


NAME = Codec("variable name", variable_name)
VALUE = Codec("variable value", variable_value, groupable=False)


@dataclass(slots=True, eq=False)
class Variable:
    """A variable (table ``variable``)."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(NAME, required=True, index=LOOKUP | ORDERED)
    #: any JSON, null included (the loader requires the field to be present)
    value: Any = column(VALUE)
    tags: tuple[str, ...] = column(codecs.TAGS, default=(), index=LOOKUP)
    created: int = column(codecs.TIME, index=ORDERED)
    updated: int = column(codecs.TIME, index=ORDERED)
