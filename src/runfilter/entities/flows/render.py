"""Flows as Prefect 3.9.1 returns them (``Flow``)."""

from __future__ import annotations

from typing import Any

from ...api.rendering import servable_name
from ...api.route import Context
from ...timeutil import format_ts
from .record import Flow


def flow(ctx: Context, flow: Flow) -> dict[str, Any]:
    """A ``Flow``."""
    return {
        "id": flow.id,
        "created": format_ts(flow.created),
        "updated": format_ts(flow.updated),
        "name": servable_name(flow.name),
        "tags": list(flow.tags),
        "labels": flow.labels,
    }
