"""``runfilter serve``: the ASGI app (:mod:`runfilter.asgi`) over HTTP/1.1, standard library only.

A small asyncio-streams server meant for local development and tests: point
``PREFECT_API_URL`` (or any HTTP client) at the URL it prints. It speaks
HTTP/1.1 with keep-alive and ``Content-Length`` request bodies; a chunked (or
otherwise transfer-coded) request body is refused with ``411``, request heads
over 64 KiB with ``431``, malformed requests with ``400``. SIGINT/SIGTERM shut
it down cleanly (exit status 0): the listening socket is closed, idle
connections are dropped and a request in progress is finished first.

Requests are answered one at a time on the event loop (each answer is
synchronous CPU work); many connections may be open at once.

>>> from runfilter import Store
>>> import urllib.request
>>> with serve_in_background(Store.from_dataset({"flows": [{"name": "etl"}]})) as url:
...     urllib.request.urlopen(urllib.request.Request(url + "/flows/count", data=b"{}")).read()
b'1'
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import json
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from .asgi import RunfilterApp
from .store import Store

_log = logging.getLogger(__name__)

#: Largest request line plus headers accepted, in bytes.
MAX_HEAD_SIZE = 64 * 1024
#: Default seconds an idle keep-alive connection, or a client sending its request, is waited for.
IDLE_TIMEOUT = 30.0
#: Seconds a shutdown waits for requests in progress before dropping their connections.
SHUTDOWN_GRACE = 5.0
#: Seconds spent reading (and dropping) a request body the app did not read before closing.
LINGER_TIMEOUT = 5.0
_BODY_CHUNK = 64 * 1024
#: Most header lines a request head may have (a real client sends a few dozen).
MAX_HEADERS = 256
#: Most digits a Content-Length may have (10^18 bytes is far past any body limit).
_MAX_LENGTH_DIGITS = 18


async def _discard(reader: asyncio.StreamReader, size: int) -> None:
    while size > 0:
        size -= len(await reader.readexactly(min(size, _BODY_CHUNK)))


class _BadRequest(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class _Request:
    method: str
    target: str
    version: str
    headers: list[tuple[bytes, bytes]]
    content_length: int
    keep_alive: bool
    expects_continue: bool


@dataclass(eq=False)  # identity: connections live in a set
class _Connection:
    writer: asyncio.StreamWriter
    busy: bool = False
    task: asyncio.Task | None = field(default=None, repr=False)


def _parse_head(head: bytes) -> _Request:
    lines = head[:-4].split(b"\r\n")
    try:
        method, target, version = lines[0].decode("ascii").split(" ")
    except (UnicodeDecodeError, ValueError):
        raise _BadRequest(400, "malformed request line") from None
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise _BadRequest(505, f"HTTP version not supported: {version}")
    if not method.isalpha() or not (target.startswith("/") or target.startswith("http")):
        raise _BadRequest(400, "malformed request line")
    if len(lines) - 1 > MAX_HEADERS:
        raise _BadRequest(431, f"too many header lines (at most {MAX_HEADERS})")
    headers: list[tuple[bytes, bytes]] = []
    values: dict[bytes, list[bytes]] = {}  # one pass: linear in the head's size
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep or not name or name != name.strip() or line[:1] in (b" ", b"\t"):
            raise _BadRequest(400, "malformed header line")
        name, value = name.lower(), value.strip()
        headers.append((name, value))
        values.setdefault(name, []).append(value)
    if b"transfer-encoding" in values:
        raise _BadRequest(411, "chunked request bodies are not supported: send a Content-Length")
    lengths = set(values.get(b"content-length", [b"0"]))
    length = next(iter(lengths))
    # digits only, and few enough that int() is cheap and any real body fits (the app caps bodies anyway)
    if len(lengths) != 1 or not length.isdigit() or not length.isascii() or len(length) > _MAX_LENGTH_DIGITS:
        raise _BadRequest(400, "invalid Content-Length")
    connection = b",".join(values.get(b"connection", [])).lower()
    keep_alive = b"close" not in connection if version == "HTTP/1.1" else b"keep-alive" in connection
    expects = b"100-continue" in [v.lower() for v in values.get(b"expect", [])]
    return _Request(method, target, version, headers, int(length), keep_alive, expects)


def _status_line(status: int) -> bytes:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP/1.1 {status} {phrase}\r\n".encode("ascii")


def _error_bytes(status: int, detail: str) -> bytes:
    body = json.dumps({"detail": detail}).encode()
    head = _status_line(status) + b"content-type: application/json\r\nconnection: close\r\n"
    return head + f"content-length: {len(body)}\r\n\r\n".encode() + body


@dataclass(frozen=True)
class AccessEntry:
    """One answered request, as the access log reports it."""

    client: Any
    method: str
    target: str
    version: str
    status: int
    milliseconds: float

    def line(self) -> str:
        """``127.0.0.1:50312 - "GET /api/health HTTP/1.1" 200 0.4 ms``."""
        client = f"{self.client[0]}:{self.client[1]}" if isinstance(self.client, tuple) else "-"
        return f'{client} - "{self.method} {self.target} {self.version}" {self.status} {self.milliseconds:.1f} ms'


class HTTPServer:
    """Serves one ASGI app (normally a :class:`~runfilter.asgi.RunfilterApp`) on ``host:port``.

    ``port=0`` picks a free port; :attr:`url` tells which, once :meth:`start` returned.
    `idle_timeout` bounds every wait for the client: the next request head, or
    the rest of a body (a stalled client is disconnected).
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        idle_timeout: float = IDLE_TIMEOUT,
        access_log: Callable[[AccessEntry], None] | None = None,
    ) -> None:
        self.app = app
        self.access_log = access_log
        self.host = host
        self.port = port
        self.idle_timeout = idle_timeout
        self._server: asyncio.base_events.Server | None = None
        self._connections: set[_Connection] = set()
        self._lifespan: _Lifespan | None = None
        self._closing = False

    @property
    def url(self) -> str:
        """Base URL of Prefect's API on this server (``http://host:port/api``)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/api"

    async def start(self) -> str:
        """Run the app's lifespan start-up, bind the socket; returns :attr:`url`."""
        self._lifespan = _Lifespan(self.app)
        await self._lifespan.startup()
        self._server = await asyncio.start_server(self._serve_connection, self.host, self.port, limit=MAX_HEAD_SIZE)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.url

    async def close(self) -> None:
        """Stop listening, drop idle connections, let requests in progress finish, run lifespan shutdown."""
        self._closing = True
        if self._server is not None:
            self._server.close()
        for conn in list(self._connections):
            if not conn.busy:
                conn.writer.close()
        tasks = [conn.task for conn in self._connections if conn.task is not None]
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE)
            for task in pending:
                task.cancel()
        if self._server is not None:
            await self._server.wait_closed()  # after the connections: on 3.12+ it waits for them
        if self._lifespan is not None:
            await self._lifespan.shutdown()

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = _Connection(writer, task=asyncio.current_task())
        self._connections.add(conn)
        try:
            while await self._serve_one(conn, reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(conn)
            writer.close()

    async def _serve_one(self, conn: _Connection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; True when the connection stays open for the next."""
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.idle_timeout)
        except (TimeoutError, asyncio.IncompleteReadError):
            return False
        except asyncio.LimitOverrunError:
            writer.write(_error_bytes(431, "request head too large"))
            await writer.drain()
            return False
        conn.busy = True
        started = time.perf_counter()
        try:
            request = _parse_head(head)
        except _BadRequest as exc:
            writer.write(_error_bytes(exc.status, exc.detail))
            await writer.drain()
            return False
        remaining = request.content_length
        continue_sent = False

        async def receive() -> dict[str, Any]:
            nonlocal remaining, continue_sent
            if request.expects_continue and not continue_sent and remaining:
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                continue_sent = True
            try:
                chunk = await asyncio.wait_for(reader.readexactly(min(remaining, _BODY_CHUNK)), self.idle_timeout)
            except TimeoutError:
                raise ConnectionAbortedError("the client stopped sending its request body") from None
            remaining -= len(chunk)
            return {"type": "http.request", "body": chunk, "more_body": remaining > 0}

        status, headers, body = await self._run_app(request, receive, writer)
        # an unread body cannot be skipped safely; a closing server finishes this request only
        keep_alive = request.keep_alive and remaining == 0 and not self._closing
        writer.write(_status_line(status))
        writer.write(b"".join(k + b": " + v + b"\r\n" for k, v in headers))
        if not any(k.lower() == b"content-length" for k, _ in headers):
            writer.write(f"content-length: {len(body)}\r\n".encode())
        if not keep_alive:
            writer.write(b"connection: close\r\n")
        elif request.version == "HTTP/1.0":
            writer.write(b"connection: keep-alive\r\n")
        writer.write(b"\r\n")
        writer.write(body)
        await writer.drain()
        if self.access_log is not None:
            client = writer.get_extra_info("peername")
            elapsed = (time.perf_counter() - started) * 1000
            self.access_log(AccessEntry(client, request.method, request.target, request.version, status, elapsed))
        if remaining:  # e.g. a 413: read the rest (for a while) so the client sees the answer, not a reset
            with contextlib.suppress(TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                await asyncio.wait_for(_discard(reader, remaining), LINGER_TIMEOUT)
        conn.busy = False
        return keep_alive

    async def _run_app(self, request: _Request, receive: Any, writer: asyncio.StreamWriter) -> tuple[int, list, bytes]:
        split = urlsplit(request.target)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": request.version[5:],
            "method": request.method,
            "scheme": "http",
            "path": unquote(split.path) or "/",
            "raw_path": split.path.encode("latin-1"),
            "query_string": split.query.encode("latin-1"),
            "root_path": "",
            "headers": request.headers,
            "client": writer.get_extra_info("peername"),
            "server": (self.host, self.port),
        }
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, receive, send)
        except (ConnectionError, asyncio.IncompleteReadError):
            raise
        except Exception:
            _log.exception("runfilter serve: the app failed on %s %s", request.method, request.target)
            started.clear()
        if not started:
            return 500, [(b"content-type", b"application/json")], b'{"exception_message":"Internal Server Error"}'
        return started["status"], list(started.get("headers", [])), b"".join(chunks)


class _Lifespan:
    """Drives an ASGI app's ``lifespan`` scope (start-up before serving, shutdown after)."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._inbox: asyncio.Queue = asyncio.Queue()
        self._outbox: asyncio.Queue = asyncio.Queue()
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
        try:
            await self._app(scope, self._inbox.get, self._outbox.put)
        except Exception:  # an app without lifespan support may raise: the spec says carry on without it
            await self._outbox.put({"type": "lifespan.unsupported"})

    async def _event(self, name: str) -> None:
        await self._inbox.put({"type": f"lifespan.{name}"})
        reply = await self._outbox.get()
        if reply["type"] == f"lifespan.{name}.failed":
            raise RuntimeError(f"the app's lifespan {name} failed: {reply.get('message', '')}")

    async def startup(self) -> None:
        self._task = asyncio.create_task(self._run())
        await self._event("startup")

    async def shutdown(self) -> None:
        if self._task is not None and not self._task.done():
            await self._event("shutdown")
            await self._task


async def serve(app: Any, host: str, port: int, announce: Any = print, access_log: Any = None) -> None:
    """Serve `app` until SIGINT or SIGTERM; `announce(url)` is called once the port is bound.

    `access_log`: called with an :class:`AccessEntry` after each answered request.
    """
    server = HTTPServer(app, host, port, access_log=access_log)
    url = await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        announce(url)
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await server.close()


@contextlib.contextmanager
def serve_in_background(store: Store | RunfilterApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve a store (or app) from a daemon thread for the ``with`` block; yields the API base URL.

    For tests and notebooks that need a real port, e.g. for code that only
    takes ``PREFECT_API_URL``. To change the store while it serves, pass a
    :class:`~runfilter.asgi.RunfilterApp` and hold its ``lock`` around the change.
    """
    app = store if isinstance(store, RunfilterApp) else RunfilterApp(store)
    loop = asyncio.new_event_loop()
    server = HTTPServer(app, host, port)
    ready = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
        except BaseException as exc:  # reported to the caller's thread below
            failure.append(exc)
            return
        finally:
            ready.set()
        loop.run_forever()
        loop.run_until_complete(server.close())

    thread = threading.Thread(target=run, name="runfilter-serve", daemon=True)
    thread.start()
    ready.wait()
    if failure:
        loop.close()
        raise failure[0]
    try:
        yield server.url
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


__all__ = ["AccessEntry", "HTTPServer", "serve", "serve_in_background"]
