"""Prefect's ``EventFilter`` (the ``filter`` body key of the event routes), field for field.

Every class forbids unknown keys and carries Prefect's class name, so a
body fails with the errors Prefect reports (a union's members are named in
``loc``: ``related.EventRelatedFilter``, ``related.list[EventRelatedFilter]``).
Two of Prefect's defaults depend on the clock: ``occurred.since`` is the
start of today less 180 days and ``occurred.until`` is now. A model leaves
them unset (``None``) and :func:`with_clock` fills them from the request's
clock (docs/semantics.md#unheld-kinds). This module serves no route.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from typing import Annotated
from uuid import UUID

from pydantic import Field, RootModel

from ..api.route import Route
from ..query.filter_models import FilterModel
from ..timeutil import RequestDateTime

#: How far back the default ``occurred.since`` reaches: whole days before the start of today.
DEFAULT_LOOKBACK = dt.timedelta(days=180)


class ResourceSpecification(RootModel[dict[str, str | list[str]]]):
    """Resource labels to match: each label maps to one pattern or a list of them."""


class EventDataFilter(FilterModel):
    """Base of the event filter classes: unknown keys are an error."""


class EventOccurredFilter(EventDataFilter):
    """``occurred``: inclusive ``since`` / ``until`` bounds; unset (None) until :func:`with_clock` fills them."""

    # None is only the "not given" marker: a client's null is refused like any non-datetime
    since: RequestDateTime = None  # type: ignore[assignment]
    until: RequestDateTime = None  # type: ignore[assignment]


class EventNameFilter(EventDataFilter):
    """``event``: names by prefix or exactly, included or excluded."""

    prefix: list[str] | None = None
    exclude_prefix: list[str] | None = None
    name: list[str] | None = None
    exclude_name: list[str] | None = None


class EventResourceFilter(EventDataFilter):
    """``resource``: the primary resource by id, id prefix or labels; ``distinct`` resources only."""

    id: list[str] | None = None
    id_prefix: list[str] | None = None
    labels: ResourceSpecification | None = None
    distinct: bool = False


class EventRelatedFilter(EventDataFilter):
    """``related``: related resources by id, role, (id, role) pairs or labels."""

    id: list[str] | None = None
    role: list[str] | None = None
    resources_in_roles: list[tuple[str, str]] | None = None
    labels: ResourceSpecification | None = None


class EventAnyResourceFilter(EventDataFilter):
    """``any_resource``: the primary or any related resource by id, id prefix or labels."""

    id: list[str] | None = None
    id_prefix: list[str] | None = None
    labels: ResourceSpecification | None = None


class EventIDFilter(EventDataFilter):
    """``id``: events by id."""

    id: list[UUID] | None = None


class EventTextFilter(EventDataFilter):
    """``text``: a search query over the event's name, resources and payload (at most 200 characters)."""

    query: Annotated[str, Field(max_length=200)]


class EventOrder(str, Enum):
    """The order of events by ``occurred``."""

    ASC = "ASC"
    DESC = "DESC"


class EventFilter(EventDataFilter):
    """The whole event filter; ``occurred`` and ``id`` are always present (never null)."""

    occurred: EventOccurredFilter = Field(default_factory=EventOccurredFilter)
    event: EventNameFilter | None = None
    resource: EventResourceFilter | None = None
    related: EventRelatedFilter | list[EventRelatedFilter] | None = None
    any_resource: EventAnyResourceFilter | list[EventAnyResourceFilter] | None = None
    id: EventIDFilter = Field(default_factory=EventIDFilter)
    text: EventTextFilter | None = None
    order: EventOrder = EventOrder.DESC


def with_clock(f: EventFilter, now: dt.datetime) -> EventFilter:
    """`f` with Prefect's clock-dependent defaults filled in: ``since`` 180 days before today, ``until`` now."""
    occurred = f.occurred
    if occurred.since is None:
        occurred.since = now.replace(hour=0, minute=0, second=0, microsecond=0) - DEFAULT_LOOKBACK
    if occurred.until is None:
        occurred.until = now
    return f


def logical_limit(f: EventFilter) -> int:
    """The most rows `f` can match whatever the data: the number of ids it names, else ``sys.maxsize``."""
    return len(f.id.id) if f.id.id else sys.maxsize


def text_terms(query: str) -> int:
    """How many search terms Prefect's text-search parser finds in `query`.

    Terms are separated by blanks; ``-``, ``!`` and ``+`` directly before a
    term mark it; a prefix followed by a blank (or nothing) is dropped;
    ``"…"`` is one phrase (backslash escapes, an unclosed quote runs to the
    end), kept only if it is not blank; a bare term also ends at a quote.
    """
    count, i, size = 0, 0, len(query)
    while i < size:
        if query[i].isspace():
            i += 1
            continue
        if query[i] in "-!+":
            i += 1
            if i >= size or query[i].isspace():
                continue  # a lone prefix is no term
        if i < size and query[i] == '"':
            start = i = i + 1
            while i < size and query[i] != '"':
                i += 2 if query[i] == "\\" and i + 1 < size else 1
            # unescaping turns no non-blank character into a blank one
            count += bool(query[start:i].strip())
            i += 1
            continue
        start = i
        while i < size and not query[i].isspace() and query[i] != '"':
            i += 1
        count += i > start
    return count


#: This module only holds models.
ROUTES: tuple[Route, ...] = ()

__all__ = [
    "DEFAULT_LOOKBACK",
    "ROUTES",
    "EventAnyResourceFilter",
    "EventDataFilter",
    "EventFilter",
    "EventIDFilter",
    "EventNameFilter",
    "EventOccurredFilter",
    "EventOrder",
    "EventRelatedFilter",
    "EventResourceFilter",
    "EventTextFilter",
    "ResourceSpecification",
    "logical_limit",
    "text_terms",
    "with_clock",
]
