"""Request dispatch: method + Prefect's path template → a served route's handler, or Prefect's 404/405/501.

A request's path is matched against Prefect 3.9.1's route table
(:mod:`.routes`), in Prefect's order, exactly as its router would: a path
no route matches is 404, a path whose route lacks the method 405. A
matched route that runfilter serves (:data:`ROUTES`: every kind's
``entities/<kind>/endpoints.py`` plus the server facts of :mod:`.static`)
gets its parameters validated (:mod:`.params`) and its handler called;
any other real Prefect route answers 501 naming it, so a client never
mistakes "not emulated" for "empty" (docs/semantics.md#routing).

A handler returns the JSON payload (the route's status, 200 unless the
route says otherwise) or an :class:`Answer` with a status of its own.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote

from pydantic import BaseModel

from ..entities import KINDS
from ..errors import INTERNAL_SERVER_ERROR, NotFoundError, RequestError, ServerError
from ..query.planner import QueryEngine
from .rendering import RowCache
from .route import Answer, Context, Route
from .routes import match_prefect_route

#: Internal errors answered as 500 are logged here, with their traceback.
_log = logging.getLogger("runfilter")

NOT_FOUND = {"detail": "Not Found"}


def _served_routes() -> dict[tuple[str, str], Route]:
    """Every served route by (method, template): each kind's routes, the server facts, the unheld kinds."""
    from .. import unheld  # the kinds runfilter does not hold yet
    from ..entities.runs import observed_states  # runs of both kinds, under a path of neither
    from . import static  # its routes are not a kind's

    modules = [endpoints for kind in KINDS if (endpoints := kind.part("endpoints")) is not None]
    routes = [route for module in (*modules, observed_states, static, unheld) for route in module.ROUTES]
    served = {(route.method, route.template): route for route in routes}
    if len(served) != len(routes):
        raise RuntimeError("a route is served twice")
    return served


#: Every route runfilter serves, by (method, Prefect's path template).
ROUTES: dict[tuple[str, str], Route] = _served_routes()


def normalise_path(path: str) -> str:
    """``/api/flow_runs/filter`` → ``/flow_runs/filter`` (a leading slash added, one ``/api`` prefix removed).

    Only one of each: ``//flows/count`` and ``/api/api/flows/count`` are not
    Prefect routes (404), as on a real server.
    """
    path = path if path.startswith("/") else "/" + path
    return path[4:] if path == "/api" or path.startswith("/api/") else path


#: Served routes of recent requests, by (method, path): the same few paths come again and again.
_RECENT: dict[tuple[str, str], tuple[Route, dict[str, str]]] = {}
_RECENT_SIZE = 4096


def match(method: str, path: str) -> tuple[Route, dict[str, str]]:
    """The served route for ``method path`` and its path parameters (do not mutate them), or raise
    Prefect's 404/405/501.

    `path` is without the query string and may be percent-encoded: like
    Starlette, the whole path is decoded before it is matched (so ``%2F``
    separates segments; docs/semantics.md#routing).
    Walking Prefect's table costs a regex per route tried, so the answers for
    recent paths are remembered (at most 4,096, then forgotten at once).
    """
    found = _RECENT.get((method, path))
    if found is None:
        if len(_RECENT) >= _RECENT_SIZE:
            _RECENT.clear()
        found = _RECENT[(method, path)] = _match(method, path)
    return found


def _match(method: str, path: str) -> tuple[Route, dict[str, str]]:
    path = normalise_path(unquote(path))
    outcome, template, params = match_prefect_route(method, path)
    if outcome == "found":
        route = ROUTES.get((method, template))  # type: ignore[arg-type]
        if route is not None:
            # Starlette's uuid convertor reads any case; records are keyed by canonical text
            return route, {
                name: str(uuid.UUID(value)) if f"{{{name}:uuid}}" in template else value  # type: ignore[operator]
                for name, value in params.items()
            }
        raise RequestError(
            501,
            {
                "detail": f"runfilter does not serve {method} {template} "
                f"(a Prefect API route; runfilter answers the query endpoints and reads of one record by id or name)"
            },
            f"not served by runfilter: {method} {path}",
        )
    if outcome == "method_not_allowed":
        raise RequestError(405, {"detail": "Method Not Allowed"}, f"method not allowed: {method} {path}")
    raise NotFoundError(404, NOT_FOUND, f"not found: {method} {path}")


def split_query(path: str, params: Mapping[str, Any] | str | None) -> tuple[str, dict[str, str]]:
    """`path` without its query string, and the query parameters of both (`params` wins; last value wins)."""
    path, _, query = path.partition("?")
    values = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
    if isinstance(params, str):
        values.update(parse_qsl(params.lstrip("?"), keep_blank_values=True))
    elif params is not None:
        values.update({str(k): _query_text(v) for k, v in params.items()})
    return path, values


def _query_text(value: Any) -> str:
    # a query string carries text: a number or a bool arrives as httpx would send it
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def answer(
    make_context: Callable[[dict[str, str], dict[str, str], dict[str, str]], Context],
    method: str,
    path: str,
    body: Any,
    params: Mapping[str, Any] | str | None = None,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, Any]:
    """Run one request: ``(status, JSON-ready payload)``, or raise a :class:`RequestError`.

    `make_context(path_params, query, headers)` builds the handler's context
    (the engine decides); `headers` are the request's (any case).
    """
    path, query = split_query(path, params)
    route, path_params = match(method, path)
    header_map = {str(k).lower(): str(v) for k, v in headers.items()} if headers else {}
    if not route.reads_body:  # FastAPI never reads the body of a route without body parameters
        body = None
    values = route.params.validate(body, query, header_map) if route.params is not None else {}
    ctx = make_context(path_params, query, header_map)
    _reject_unbindable(values.values(), ctx.engine.dialect.sql_limit_exceeded)
    result = route.handler(ctx, values)
    if isinstance(result, Answer):
        return result.status, result.payload
    return route.status, result


def _reject_unbindable(values: Any, exceeded: Callable[[str, Any], str | None] | None = None) -> None:
    """Prefect's 500 for an operand its database cannot take (docs/semantics.md#server-errors), in one walk.

    Every value of a validated body reaches the SQL as a bound parameter, even
    one our condition folding would drop: a string SQLite cannot encode (a
    lone surrogate such as ``"\ud800"``) fails; so does a filter operand past
    the dialect's limits (``exceeded(kind of operand, value)``: why, or None),
    when `exceeded` is given.
    """
    for value in values:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ServerError(
                    500, INTERNAL_SERVER_ERROR, "a filter string cannot be encoded (lone surrogate)"
                ) from None
        elif isinstance(value, (list, tuple, set, frozenset)):
            _reject_unbindable(value, exceeded)
        elif isinstance(value, BaseModel):
            # fields left at their defaults hold no text a client sent
            for name in value.model_fields_set:
                operand = getattr(value, name)
                reason = None if exceeded is None else exceeded(_operand_kind(value, name), operand)
                if reason is not None:
                    raise ServerError(500, INTERNAL_SERVER_ERROR, f"{type(value).__name__}.{name}: {reason}")
                _reject_unbindable((operand,), exceeded)


def _operand_kind(model: BaseModel, name: str) -> str:
    """What an operand is, for the dialect's limits: ``tags`` (a tags list), ``prefixes``, ``instant``, ``other``."""
    if name in ("all_", "any_") and type(model).__name__.endswith("Tags"):
        return "tags"
    if name == "startswith_":
        return "prefixes"
    if name in ("before_", "after_", "ge_", "le_"):
        return "instant"
    return "other"


def answer_request(
    store: Any,
    method: str,
    path: str,
    body: Any = None,
    params: Mapping[str, Any] | str | None = None,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, Any]:
    """Answer one request against `store` with the planned engine: ``(status, payload)``, or raise."""

    def context(path_params: dict[str, str], query: dict[str, str], header_map: dict[str, str]) -> Context:
        rows = store.derived(("row_cache",), RowCache)
        engine = QueryEngine(store)
        return Context(engine, store.tables, store.now_us(), rows, path_params, query, header_map, store.apply)

    return answer(context, method, path, body, params, headers)


def status_and_payload(call: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """What `call` answers, or the status and body of the :class:`RequestError` it raised.

    Never raises for a request: any other exception is what an unhandled
    error is on a Prefect server, its 500 (``{"exception_message": "Internal
    Server Error"}``), logged with its traceback on the ``runfilter`` logger
    (an instant outside years 1-9999, a lone surrogate in a datetime: Prefect
    fails on them too; docs/semantics.md#server-errors).
    """
    try:
        return call()
    except RequestError as exc:
        return exc.status, exc.payload
    except Exception:
        _log.exception("runfilter: an internal error answered as Prefect's 500")
        return 500, INTERNAL_SERVER_ERROR


__all__ = [
    "NOT_FOUND",
    "ROUTES",
    "answer",
    "answer_request",
    "match",
    "normalise_path",
    "split_query",
    "status_and_payload",
]
