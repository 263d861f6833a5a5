"""Flow-run inputs as Prefect 3.9.1 returns them (``FlowRunInput``; one key's value as plain text)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context, TextBody
from ...timeutil import format_ts
from .record import FlowRunInput


def flow_run_input(ctx: Context, found: FlowRunInput) -> dict[str, Any]:
    """A ``FlowRunInput``."""
    return {
        "id": found.id,
        "created": format_ts(found.created),
        "updated": format_ts(found.updated),
        "flow_run_id": found.flow_run_id,
        "key": found.key,
        "value": found.value,
        "sender": found.sender,
    }


def input_value(ctx: Context, found: FlowRunInput) -> TextBody:
    """``GET /flow_runs/{id}/input/{key}``: the stored value itself, sent as ``text/plain``."""
    return TextBody(found.value, "text/plain; charset=utf-8")
