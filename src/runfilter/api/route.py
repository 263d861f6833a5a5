"""What a served route is: Prefect's method and path template, its parameters, its handler, its status.

Each kind lists its routes in ``entities/<kind>/endpoints.py`` (``ROUTES``);
:mod:`.dispatch` matches requests to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .params import Params


@dataclass
class Context:
    """What a handler and a renderer need for one request: the engine, the tables, the clock, the parameters."""

    engine: Any  # QueryEngine or naive.NaiveEngine: matching/count/select on a Selection, lookups by id or name
    #: the store's tables, by kind (renderers read related records: a run's queue and pool names)
    tables: Mapping[str, Mapping[str, Any]]
    #: the request's clock, epoch µs
    now: int
    #: the store's cache of rendered rows
    rows: Any
    #: path parameters by name (percent-decoded; uuids canonical)
    path_params: dict[str, str] = field(default_factory=dict)
    #: query-string parameters by name (the last value of a repeated one)
    query: dict[str, str] = field(default_factory=dict)
    #: request headers by lower-case name (a Prefect client's ``user-agent``, the UI's ``x-prefect-ui``)
    headers: Mapping[str, str] = field(default_factory=dict)
    #: commits a change to the store (the routes whose reads have side effects, like polls)
    commit: Callable[[Any], None] | None = None


#: A handler: ``handler(ctx, validated parameter values)`` → the payload or an :class:`Answer`.
Handler = Callable[[Context, dict[str, Any]], Any]


@dataclass(frozen=True)
class Answer:
    """A handler's payload with a status other than its route's (201 Created, 204 No Content, ...)."""

    status: int
    payload: Any = None


class TextBody(str):
    """A payload that is text, not JSON (a CSV download): the text, plus how the HTTP layer sends it.

    Through :meth:`runfilter.Store.request` it is the text itself (a ``str``);
    the HTTP layer sends it as is, with its ``media_type`` and ``headers``.
    """

    media_type: str
    headers: tuple[tuple[str, str], ...]

    def __new__(cls, text: str, media_type: str, headers: tuple[tuple[str, str], ...] = ()) -> TextBody:
        body = super().__new__(cls, text)
        body.media_type, body.headers = media_type, headers
        return body


@dataclass(frozen=True)
class Route:
    """A served route. ``template`` is Prefect's (``/flows/{id:uuid}``), ``status`` its success status.

    ``params`` None: the route reads neither a body nor query parameters
    (FastAPI then never parses the body, even malformed JSON).
    """

    method: str
    template: str
    handler: Handler
    params: Params | None = None
    status: int = 200

    @property
    def reads_body(self) -> bool:
        """Whether the route parses the request body."""
        return self.params is not None and self.params.reads_body


__all__ = ["Answer", "Context", "Handler", "Route", "TextBody"]
