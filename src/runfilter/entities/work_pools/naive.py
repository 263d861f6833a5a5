"""A ``work_pools`` filter read record by record: the naive engine's reference reading."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import WorkPoolFilter

_RULES = {"id": n.id_rule, "name": n.strings_rule("name"), "type": n.strings_rule("type")}


def evaluate(engine: Any, p: Any, m: WorkPoolFilter) -> Any:
    """Evaluate a ``WorkPoolFilter`` on one work pool: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, p, m, _RULES))
