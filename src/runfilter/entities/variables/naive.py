"""A ``variables`` filter read record by record: the naive engine's reference reading
(docs/semantics.md#variables)."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import VariableFilter

_RULES = {"id": n.id_rule, "name": n.name_rule, "tags": n.tag_rule}


def evaluate(engine: Any, variable: Any, m: VariableFilter) -> Any:
    """Evaluate a ``VariableFilter`` on one variable: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, variable, m, _RULES))
