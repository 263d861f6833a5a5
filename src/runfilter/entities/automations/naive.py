"""An ``automations`` filter read record by record: the naive engine's reference reading
(docs/semantics.md#automations)."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import AutomationFilter


def _name(engine: Any, automation: Any, sub: Any) -> Any:
    return n.leaf(n.in_(automation.name, sub.any_))


def _created(engine: Any, automation: Any, sub: Any) -> Any:
    return n.leaf(n.time(automation.created, sub.before_, None))


def _tags(engine: Any, automation: Any, sub: Any) -> Any:
    have = set(automation.tags)
    checks = []
    if sub.all_ is not None:
        checks.append(have.issuperset(sub.all_))
    if sub.any_ is not None:
        checks.append(bool(have.intersection(sub.any_)))
    if sub.is_null_ is not None:
        checks.append(not have if sub.is_null_ else bool(have))
    return n.op(sub, checks)


_RULES = {"id": n.id_rule, "name": _name, "created": _created, "tags": _tags}


def evaluate(engine: Any, automation: Any, m: AutomationFilter) -> Any:
    """Evaluate an ``AutomationFilter`` on one automation: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, automation, m, _RULES))
