"""Saved searches of the UI (table ``saved_search``): the record kind, declared once
(docs/semantics.md#saved-searches)."""

from ...schema import Kind, UniqueKey
from .load import load_saved_searches
from .record import SavedSearch

KIND = Kind(
    "saved_searches",
    "saved search",
    SavedSearch,
    unique=UniqueKey(("name",), "name", "saved search name"),
    load=load_saved_searches,
)

__all__ = ["KIND", "SavedSearch"]
