"""The automation record (table ``automation``): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import codecs
from ...codecs import Codec
from ...schema import LOOKUP, ORDERED, column
from .actions import read_actions
from .checks import Invalid, text
from .triggers import read_trigger


def _checked(read: Any) -> Any:
    """A checks-module reader as a codec reader (its :class:`Invalid` → ValueError naming the inner path)."""

    def convert(value: Any) -> Any:
        try:
            return read(value)
        except Invalid as exc:
            raise ValueError(f"{exc.path}: {exc.reason}" if exc.path else exc.reason) from None

    return convert


#: An automation's name: any string, the empty one included (Prefect's ``name: str``).
AUTOMATION_NAME = Codec("automation name", _checked(lambda v: text(v, "")))
#: A trigger as Prefect prints it; read on its own, every trigger id must be given (the loader derives missing ones).
TRIGGER = Codec("automation trigger", _checked(lambda v: read_trigger(v, "", None)), groupable=False)
#: A list of actions as Prefect prints them.
ACTIONS = Codec("automation actions", _checked(lambda v: read_actions(v, "")), groupable=False)


@dataclass(slots=True, eq=False)
class Automation:
    """An automation (table ``automation``); ``owner_resource`` is kept as Prefect's related-resource row keeps it."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(AUTOMATION_NAME, required=True, index=LOOKUP | ORDERED)
    description: str = column(codecs.TEXT, default="")
    enabled: bool = column(codecs.FLAG, default=True)
    tags: tuple[str, ...] = column(codecs.TAGS, default=(), index=LOOKUP)
    trigger: dict[str, Any] = column(TRIGGER, required=True)
    actions: list[dict[str, Any]] = column(ACTIONS, required=True)
    actions_on_trigger: list[dict[str, Any]] = column(ACTIONS, default=[])
    actions_on_resolve: list[dict[str, Any]] = column(ACTIONS, default=[])
    owner_resource: str | None = column(codecs.TEXT)
    created: int = column(codecs.TIME, index=ORDERED)
    updated: int = column(codecs.TIME, index=ORDERED)
