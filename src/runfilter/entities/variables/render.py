"""Variables as Prefect 3.9.1 returns them (``Variable``)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from .record import Variable


def variable(ctx: Context, variable: Variable) -> dict[str, Any]:
    """A ``Variable``."""
    return {
        "id": variable.id,
        "created": format_ts(variable.created),
        "updated": format_ts(variable.updated),
        "name": variable.name,
        "value": variable.value,
        "tags": list(variable.tags),
    }
