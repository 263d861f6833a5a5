"""An ``automations`` filter compiled to the condition IR, one rule per field (docs/semantics.md#automations)."""

from __future__ import annotations

from typing import Any

from ...query.compile import any_of, bounds, combined, compile_fields, id_filter, leaf
from ...query.ir import FALSE, TRUE, Cond, TagsAll, TagsAny, TagsEmpty
from .filters import AutomationFilter


def _name(sub: Any) -> Cond:
    return leaf(any_of("name", sub.any_))


def _created(sub: Any) -> Cond:
    return leaf(bounds("created", sub.before_, None))


def _tags(sub: Any) -> Cond:
    # every operand is a condition once given: all_ [] is TRUE (Prefect's JSON containment of nothing),
    # any_ [] is FALSE (docs/semantics.md#automations)
    conds: list[Cond] = []
    if sub.all_ is not None:
        conds.append(TagsAll(frozenset(sub.all_)) if sub.all_ else TRUE)
    if sub.any_ is not None:
        conds.append(TagsAny(frozenset(sub.any_)) if sub.any_ else FALSE)
    if sub.is_null_ is not None:
        conds.append(TagsEmpty(sub.is_null_))
    return combined(sub, conds)


_RULES = {"id": id_filter, "name": _name, "created": _created, "tags": _tags}


def automation_filter(m: AutomationFilter) -> Cond:
    """``automations`` → a condition on automations."""
    return combined(m, compile_fields(m, _RULES))
