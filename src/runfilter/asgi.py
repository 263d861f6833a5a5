"""An ASGI application serving a :class:`~runfilter.Store` the way Prefect 3.9.1's HTTP API does.

No web framework: :meth:`RunfilterApp.handle` turns one HTTP request (method,
path, raw body, headers) into status, headers and bytes, and
:meth:`RunfilterApp.__call__` is the ASGI 3 wrapper around it (``http`` and
``lifespan`` scopes). The httpx transports (:mod:`runfilter.transport`) and
``runfilter serve`` (:mod:`runfilter.server`) call the same method.

>>> from runfilter import Store
>>> app = RunfilterApp(Store.from_dataset({"flows": [{"name": "etl"}]}))
>>> response = app.handle("POST", "/api/flows/count", body=b'{"flows": {"name": {"any_": ["etl"]}}}')
>>> response.status, response.body
(200, b'1')

What the HTTP layer adds to :meth:`Store.request`, each as Prefect's server does it:

* every path is served at both ``/api/...`` and ``/...``;
* the body is decoded as FastAPI decodes it: JSON when the content type is
  ``application/json`` or ``application/*+json`` (or absent on a non-empty
  POST/PUT/PATCH, as Prefect's middleware assumes), otherwise ignored (no body);
  the GET routes (one record by id or name) never read it;
  an empty body is no body; malformed JSON is Prefect's 422 ``json_invalid``
  answer; an undecodable body (not UTF-8/16/32, too deep, a too long integer)
  is Prefect's 400 ``There was an error parsing the body``;
* ``405`` carries ``Allow``; a path that only misses or has an extra trailing
  slash gets Starlette's ``307`` redirect to the other spelling;
* the query string reaches the route's query parameters (``/csrf-token?client=...``);
* a payload Prefect could not encode (NaN or a lone surrogate echoed in an
  error) is its 500 ``Internal Server Error`` answer.

Bodies larger than ``max_body_size`` (default :data:`DEFAULT_MAX_BODY_SIZE`,
10 MiB; Prefect has no limit) get ``413`` without being read further.

Thread safety: one store per app. Each request is synchronous CPU work done
under the app's :attr:`RunfilterApp.lock`, so the app may be called from
several threads (httpx transports) or event loops at once; requests are
answered one at a time. To change the store (``load``, ``upsert``,
``delete``) while the app serves, hold ``app.lock`` around the change.
"""

from __future__ import annotations

import email.message
import json
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .api.dispatch import match, normalise_path
from .api.route import TextBody
from .api.routes import allowed_methods
from .api.static import PREFECT_API_VERSION, PREFECT_SERVER_VERSION
from .errors import INTERNAL_SERVER_ERROR, RequestError
from .store import Store

#: Largest request body accepted, in bytes (10 MiB).
DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024

_log = logging.getLogger(__name__)

_NOT_FOUND = {"detail": "Not Found"}
_SERVER_ERROR = INTERNAL_SERVER_ERROR
_PARSE_ERROR = {"detail": "There was an error parsing the body"}


@dataclass(frozen=True)
class HTTPResponse:
    """One answer: status code, headers (lower-case names) and the exact body bytes."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


class RunfilterApp:
    """ASGI 3 application answering Prefect's query API from one :class:`~runfilter.Store`.

    Run it under any ASGI server (``uvicorn module:app``), through
    :mod:`runfilter.transport`, or with ``runfilter serve``.
    """

    def __init__(self, store: Store, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE) -> None:
        self.store = store
        self.max_body_size = max_body_size
        #: Held while the store answers a request: hold it too to change the store while the app serves.
        self.lock = threading.Lock()

    # -- the HTTP semantics

    def handle(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        query_string: str = "",
        base_url: str = "http://localhost",
    ) -> HTTPResponse:
        """Answer one request. `path` is percent-decoded (as ASGI's ``path``), without the query string.

        `base_url` (``scheme://host[:port]`` plus the path the app is mounted at, if any) is only
        used for the ``Location`` of a redirect.
        Never raises: an unexpected failure is Prefect's 500 answer (and is logged).
        """
        header_map = {k.lower(): v for k, v in (headers.items() if isinstance(headers, Mapping) else headers)}
        try:
            if len(body) > self.max_body_size:
                response = self.too_large()
            else:
                response = self._answer(method, path, body, header_map, query_string, base_url)
        except Exception:
            _log.exception("runfilter: unexpected error answering %s %s", method, path)
            response = _json_response(500, _SERVER_ERROR)
        if method == "HEAD":
            response = HTTPResponse(response.status, response.headers, b"")
        return response

    def too_large(self) -> HTTPResponse:
        """The 413 answer to a body over :attr:`max_body_size`."""
        detail = f"Request body too large: runfilter accepts at most {self.max_body_size} bytes"
        return _json_response(413, {"detail": detail})

    def _answer(
        self, method: str, path: str, body: bytes, headers: dict[str, str], query: str, base_url: str
    ) -> HTTPResponse:
        prefix, api_path = _split_prefix(path)
        # Starlette matches path segments: an empty segment ("//") or a second /api never routes.
        if "//" in api_path or normalise_path(api_path) != api_path:
            return self._no_route(prefix, api_path, query, base_url)
        store_path = quote(api_path, safe="/")  # the store splits on "/" and unquotes each segment
        try:
            route, _ = match(method, store_path)
        except RequestError as exc:
            if exc.status == 404:
                return self._no_route(prefix, api_path, query, base_url)
            if exc.status == 405:
                return _json_response(405, exc.payload, [("allow", allowed_methods(api_path))])
            return _json_response(exc.status, exc.payload)
        # a route without body parameters never reads the body in FastAPI (even malformed JSON)
        decoded = _decode_body(method, body, headers) if route.reads_body else (None, b"")
        if isinstance(decoded, HTTPResponse):
            return decoded
        parsed, ignored = decoded
        with self.lock:
            status, payload = self.store.request(store_path, parsed, method, query, headers)
        if isinstance(payload, TextBody):  # a download: the text as is, with its own media type
            body_bytes = payload.encode("utf-8")
            headers_out = (("content-length", str(len(body_bytes))), ("content-type", payload.media_type))
            return HTTPResponse(status, headers_out + payload.headers, body_bytes)
        if ignored and status == 422 and isinstance(payload, dict) and "request_body" in payload:
            try:  # FastAPI echoes an ignored body as text; bytes that are not UTF-8 make that fail
                payload = {**payload, "request_body": ignored.decode("utf-8")}
            except UnicodeDecodeError:
                return _json_response(500, _SERVER_ERROR)
        return _json_response(status, payload)

    def _no_route(self, prefix: str, api_path: str, query: str, base_url: str) -> HTTPResponse:
        """404, or Starlette's 307 when the path with/without its trailing slash is a route."""
        if api_path != "/" and "//" not in api_path:
            other = api_path.rstrip("/") if api_path.endswith("/") else api_path + "/"
            if allowed_methods(other):  # some route matches the other spelling
                location = base_url.rstrip("/") + quote(prefix + other, safe="/") + (f"?{query}" if query else "")
                return HTTPResponse(307, (("content-length", "0"), ("location", location)), b"")
        return _json_response(404, _NOT_FOUND)

    # -- ASGI

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI 3 entry point: ``http`` requests, ``lifespan`` events; websockets are closed."""
        kind = scope["type"]
        if kind == "lifespan":
            await _lifespan(receive, send)
        elif kind == "http":
            await self._http(scope, receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1003, "reason": "runfilter serves HTTP requests only"})

    async def _http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        declared = dict(headers).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_size:
            await _send(send, self.too_large())
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_size:
                await _send(send, self.too_large())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        root_path, path = scope.get("root_path", ""), scope["path"]
        if root_path and path.startswith(root_path):  # ASGI servers may include the mount path in "path"
            path = path[len(root_path) :] or "/"
        response = self.handle(
            scope["method"],
            path,
            body=b"".join(chunks),
            headers=headers,
            query_string=scope.get("query_string", b"").decode("latin-1"),
            base_url=_base_url(scope, headers) + root_path,
        )
        await _send(send, response)


def _split_prefix(path: str) -> tuple[str, str]:
    """``("/api", "/flows/count")`` for ``/api/flows/count``; ``("", path)`` without the prefix."""
    if path == "/api" or path.startswith("/api/"):
        return "/api", path[4:] or "/"
    return "", path or "/"


def _is_json(content_type: str) -> bool:
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


def _decode_body(method: str, body: bytes, headers: dict[str, str]) -> tuple[Any, bytes] | HTTPResponse:
    """``(parsed body, b"")``, ``(None, raw bytes)`` for a body FastAPI ignores, or an error answer."""
    if not body:
        return None, b""
    content_type = headers.get("content-type")
    if content_type is None and method in ("POST", "PUT", "PATCH"):
        content_type = "application/json"  # Prefect's server defaults a missing content type to JSON
    if content_type is None or not _is_json(content_type):
        return None, body
    try:
        return json.loads(body), b""
    except json.JSONDecodeError as exc:
        detail = {"type": "json_invalid", "loc": ["body", exc.pos], "msg": "JSON decode error", "input": {}}
        detail["ctx"] = {"error": exc.msg}
        payload = {"exception_message": "Invalid request received.", "exception_detail": [detail]}
        return _json_response(422, {**payload, "request_body": exc.doc})
    except (ValueError, RecursionError):  # not UTF-8/16/32, nested too deep, an integer over 4300 digits
        return _json_response(400, _PARSE_ERROR)


def _json_response(status: int, payload: Any, extra: list[tuple[str, str]] | None = None) -> HTTPResponse:
    try:
        body = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (ValueError, UnicodeEncodeError):  # NaN/Infinity or a lone surrogate: Prefect fails the same way
        status, body = 500, json.dumps(_SERVER_ERROR, separators=(",", ":")).encode()
        extra = None
    headers = [("content-length", str(len(body))), ("content-type", "application/json"), *(extra or [])]
    return HTTPResponse(status, tuple(headers), body)


def _base_url(scope: dict[str, Any], headers: list[tuple[str, str]]) -> str:
    host = dict(headers).get("host")
    if host is None and scope.get("server"):
        server_host, port = scope["server"]
        host = f"{server_host}:{port}" if port else server_host
    return f"{scope.get('scheme', 'http')}://{host or 'localhost'}"


async def _send(send: Any, response: HTTPResponse) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


__all__ = ["DEFAULT_MAX_BODY_SIZE", "PREFECT_API_VERSION", "PREFECT_SERVER_VERSION", "HTTPResponse", "RunfilterApp"]
