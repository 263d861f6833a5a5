"""The flow-run input record (table ``flow_run_input``): declared once, column by column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ... import codecs
from ...codecs import Codec
from ...schema import CASCADE, LOOKUP, ORDERED, Ref, column

# Prefect checks keys with re.match and "$": a single trailing newline passes (docs/semantics.md#flow-run-inputs)
_KEY = re.compile(r"^[a-z0-9-]*$")


def input_key(value: Any) -> str:
    """A key as Prefect's ``FlowRunInput`` accepts it: lowercase letters, digits and dashes (empty allowed)."""
    if not isinstance(value, str):
        raise ValueError(f"Input should be a valid string, got {value!r}")
    if not _KEY.match(value):
        raise ValueError("value must only contain lowercase letters, numbers, and dashes.")
    return value


def input_text(value: Any) -> str:
    """A ``value`` or ``sender``: text (Prefect's model takes no other type)."""
    if not isinstance(value, str):
        raise ValueError(f"Input should be a valid string, got {value!r}")
    return value


KEY = Codec("flow run input key", input_key)
STRICT_TEXT = Codec("strict text", input_text)


@dataclass(slots=True, eq=False)
class FlowRunInput:
    """A key/value input of a flow run (table ``flow_run_input``); deleted with its run."""

    id: str = column(codecs.ID)
    seq: int = column()
    flow_run_id: str = column(codecs.ID, required=True, ref=Ref("flow_runs", CASCADE, role="flow run"), index=LOOKUP)
    key: str = column(KEY, required=True)
    value: str = column(STRICT_TEXT, required=True)
    sender: str | None = column(STRICT_TEXT)
    created: int = column(codecs.TIME, index=ORDERED)
    updated: int = column(codecs.TIME)
