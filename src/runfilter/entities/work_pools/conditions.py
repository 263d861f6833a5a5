"""A ``work_pools`` filter compiled to the condition IR, one rule per field.

docs/semantics.md#pool-and-queue-fields
"""

from __future__ import annotations

from ...query.compile import combined, compile_fields, id_filter, strings
from ...query.ir import Cond
from .filters import WorkPoolFilter

_RULES = {"id": id_filter, "name": strings("name"), "type": strings("type")}


def work_pool_filter(m: WorkPoolFilter) -> Cond:
    """``work_pools`` → a condition on work pools."""
    return combined(m, compile_fields(m, _RULES))
