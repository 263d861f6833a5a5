"""The saved-search routes: a page of them by name, and one by id (docs/semantics.md#saved-searches)."""

from __future__ import annotations

from ...api.handlers import by_id_route, listing
from ...api.params import OFFSET, Params
from ...api.route import Route
from . import render
from .sorts import SORTS

#: The saved-search routes runfilter serves (``/filter``: limit and offset only, always by name).
ROUTES = (
    Route(
        "POST",
        "/saved_searches/filter",
        listing("saved_searches", {}, SORTS, render.saved_search, fixed="NAME_ASC"),
        Params((OFFSET,), True),
    ),
    by_id_route("saved_searches", render.saved_search, "Saved search not found"),
)
