"""The flow record (table ``flow``): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import codecs
from ...schema import LOOKUP, ORDERED, column


@dataclass(slots=True, eq=False)
class Flow:
    """A flow (table ``flow``)."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(codecs.NAME, required=True, index=LOOKUP | ORDERED)
    tags: tuple[str, ...] = column(codecs.TAGS, default=(), index=LOOKUP)
    labels: dict[str, Any] | None = column(codecs.LABELS)
    created: int = column(codecs.TIME, index=ORDERED)
    updated: int = column(codecs.TIME, index=ORDERED)
