"""Which automations an automation route's body selects (its ``automations`` filter), compiled and naive."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from ...query.ir import Cond
from ...query.ir import where as where_all
from . import naive as automations_naive
from .conditions import automation_filter

#: The filter keys an automation selection takes.
FILTER_KEYS = ("automations",)


def where(automations: Any = None) -> Cond:
    """Automations matching ``automations``, as one condition."""
    return where_all([] if automations is None else [automation_filter(automations)])


def matches(engine: Any, x: Any, automations: Any = None) -> bool:
    """An automation satisfies the filter (the naive reading)."""
    return automations is None or n.truth(automations_naive.evaluate(engine, x, automations))
