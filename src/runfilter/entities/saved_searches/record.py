"""The saved-search record (table ``saved_search``): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from ... import codecs
from ...codecs import Codec, IgnoringModel
from ...schema import ORDERED, column


class SavedSearchFilter(IgnoringModel):
    """Mirror of Prefect's ``SavedSearchFilter``: every key required (``value`` may be null); others dropped."""

    object: str
    property: str
    type: str
    operation: str
    value: Any


_FILTERS = TypeAdapter(list[SavedSearchFilter])


def search_name(value: Any) -> str:
    """``SavedSearchCreate.name``: any text (empty included)."""
    if not isinstance(value, str):
        raise ValueError(f"Input should be a valid string, got {value!r}")
    return value


def search_filters(value: Any) -> list[dict[str, Any]]:
    """``SavedSearchCreate.filters``: the list as Prefect stores it (each filter's five keys, in its order)."""
    return [f.model_dump(mode="json") for f in codecs.through_adapter(_FILTERS, value)]


NAME = Codec("saved search name", search_name)
FILTERS = Codec("saved search filters", search_filters, groupable=False)


@dataclass(slots=True, eq=False)
class SavedSearch:
    """A saved search of the UI (table ``saved_search``)."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(NAME, required=True, index=ORDERED)
    filters: list[dict[str, Any]] = column(FILTERS, default=[])
    created: int = column(codecs.TIME)
    updated: int = column(codecs.TIME)
