"""Saved searches as Prefect 3.9.1 returns them (``SavedSearch``)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from .record import SavedSearch


def saved_search(ctx: Context, search: SavedSearch) -> dict[str, Any]:
    """A ``SavedSearch``."""
    return {
        "id": search.id,
        "created": format_ts(search.created),
        "updated": format_ts(search.updated),
        "name": search.name,
        "filters": search.filters,
    }
