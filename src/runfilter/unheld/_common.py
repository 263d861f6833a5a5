"""What the routes of unheld kinds share: the empty answers and the 404 of one record."""

from __future__ import annotations

from typing import Any

from ..api.route import Context, Handler
from ..errors import NotFoundError


def empty_list(ctx: Context, v: dict[str, Any]) -> list[Any]:
    """A list route's answer for a database holding none of the kind."""
    return []


def zero(ctx: Context, v: dict[str, Any]) -> int:
    """A count route's answer for a database holding none of the kind."""
    return 0


def not_found(payload: dict[str, Any]) -> Handler:
    """A read of one record: Prefect's 404 with `payload` (every lookup misses)."""

    def handler(ctx: Context, v: dict[str, Any]) -> Any:
        raise NotFoundError(404, payload, f"not found: {ctx.path_params}")

    return handler


__all__ = ["empty_list", "not_found", "zero"]
