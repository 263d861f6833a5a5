"""A ``variables`` filter compiled to the condition IR, one rule per field (docs/semantics.md#variables)."""

from __future__ import annotations

from ...query.compile import combined, compile_fields, id_filter, name_filter, tag_rule
from ...query.ir import Cond
from .filters import VariableFilter

_RULES = {"id": id_filter, "name": name_filter, "tags": tag_rule(has_any=False)}


def variable_filter(m: VariableFilter) -> Cond:
    """``variables`` → a condition on variables."""
    return combined(m, compile_fields(m, _RULES))
