"""Saved searches: ``POST /saved_searches/filter`` and ``GET /saved_searches/{id}``."""

from __future__ import annotations

from ..api.params import OFFSET, Params
from ..api.route import Route
from ._common import empty_list, not_found

#: The saved-search read routes.
ROUTES = (
    Route("POST", "/saved_searches/filter", empty_list, Params((OFFSET,), True)),
    Route("GET", "/saved_searches/{id:uuid}", not_found({"detail": "Saved search not found"})),
)
