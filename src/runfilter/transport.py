"""httpx transports answering from a :class:`~runfilter.Store`, and Prefect's client pointed at one.

>>> import httpx
>>> from runfilter import Store
>>> store = Store.from_dataset({"flows": [{"name": "etl"}]})
>>> with httpx.Client(transport=RunfilterTransport(store), base_url="http://runfilter/api") as client:
...     client.post("/flows/count", json={}).json()
1

:class:`RunfilterTransport` (``httpx.BaseTransport``) and
:class:`AsyncRunfilterTransport` (``httpx.AsyncBaseTransport``) call
:meth:`runfilter.asgi.RunfilterApp.handle` directly: no event loop, no
socket, the same status codes, headers and bytes as the ASGI app.

:func:`use_store_for_prefect` makes Prefect's own client (``get_client()``,
``PrefectClient``, ``SyncPrefectClient``) talk to a store for the duration of
a ``with`` block: it sets ``PREFECT_API_URL`` (in Prefect's settings context,
never in ``os.environ``) to a host of its own under the reserved ``.invalid``
top-level domain, and routes httpx requests for that host, and only that
host, to the transports. Nothing outlives the block and nothing is shared
between processes, so it is safe under pytest-xdist. Requests for anything
else are untouched; a request that escaped the routing would fail to resolve
rather than reach a real server.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from .asgi import DEFAULT_MAX_BODY_SIZE, HTTPResponse, RunfilterApp
from .store import Store


def _as_app(store: Store | RunfilterApp, max_body_size: int) -> RunfilterApp:
    return store if isinstance(store, RunfilterApp) else RunfilterApp(store, max_body_size=max_body_size)


def _oversized(request: httpx.Request, limit: int) -> bool:
    declared = request.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


def _base_url(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


def _to_httpx(response: HTTPResponse, request: httpx.Request) -> httpx.Response:
    return httpx.Response(response.status, headers=list(response.headers), content=response.body, request=request)


def _handle(app: RunfilterApp, request: httpx.Request, body: bytes | None) -> httpx.Response:
    if body is None:
        return _to_httpx(app.too_large(), request)
    answer = app.handle(
        request.method,
        request.url.path,
        body=body,
        headers=request.headers.multi_items(),
        query_string=request.url.query.decode("ascii"),
        base_url=_base_url(request.url),
    )
    return _to_httpx(answer, request)


class RunfilterTransport(httpx.BaseTransport):
    """A synchronous httpx transport answering every request from one store (or app).

    Paths are served with and without the ``/api`` prefix, so any base URL works.
    """

    def __init__(self, store: Store | RunfilterApp, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE) -> None:
        self.app = _as_app(store, max_body_size)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer `request` as Prefect's server would (see :mod:`runfilter.asgi`)."""
        return _handle(self.app, request, self._read(request))

    def _read(self, request: httpx.Request) -> bytes | None:
        """The body, or None once it exceeds the limit (the rest is not read)."""
        limit = self.app.max_body_size
        if _oversized(request, limit):
            return None
        chunks, size = [], 0
        for chunk in request.stream:  # type: ignore[union-attr]
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        return b"".join(chunks)


class AsyncRunfilterTransport(httpx.AsyncBaseTransport):
    """The asynchronous twin of :class:`RunfilterTransport` (answers are computed synchronously)."""

    def __init__(self, store: Store | RunfilterApp, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE) -> None:
        self.app = _as_app(store, max_body_size)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer `request` as Prefect's server would (see :mod:`runfilter.asgi`)."""
        return _handle(self.app, request, await self._read(request))

    async def _read(self, request: httpx.Request) -> bytes | None:
        limit = self.app.max_body_size
        if _oversized(request, limit):
            return None
        chunks, size = [], 0
        async for chunk in request.stream:  # type: ignore[union-attr]
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        return b"".join(chunks)


# -- routing httpx clients to a store by host name


class _HostRouting:
    """Hosts answered by runfilter, and the hook in httpx that sends their requests to the transports.

    httpx picks a transport per request URL in ``Client._transport_for_url``
    (and the async twin); the hook answers for the registered hosts and
    defers to httpx for every other URL. It is installed while at least one
    host is registered and removed with the last one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[RunfilterTransport, AsyncRunfilterTransport]] = {}
        self._originals: dict[type, Any] = {}

    def add(self, host: str, transports: tuple[RunfilterTransport, AsyncRunfilterTransport]) -> None:
        with self._lock:
            if host in self._hosts:
                raise ValueError(f"{host} is already routed to a runfilter store")
            if not self._hosts:
                self._install()
            self._hosts[host] = transports

    def remove(self, host: str) -> None:
        with self._lock:
            self._hosts.pop(host, None)
            if not self._hosts:
                for cls, original in self._originals.items():
                    cls._transport_for_url = original  # type: ignore[attr-defined]
                self._originals.clear()

    def _install(self) -> None:
        hosts = self._hosts
        for cls, slot in ((httpx.Client, 0), (httpx.AsyncClient, 1)):
            original = getattr(cls, "_transport_for_url", None)
            if original is None:
                raise RuntimeError(f"httpx {httpx.__version__} has no {cls.__name__}._transport_for_url to route")

            def transport_for_url(client: Any, url: httpx.URL, _original: Any = original, _slot: int = slot) -> Any:
                transports = hosts.get(url.host)
                return transports[_slot] if transports is not None else _original(client, url)

            self._originals[cls] = original
            cls._transport_for_url = transport_for_url  # type: ignore[attr-defined]


_ROUTING = _HostRouting()


@contextlib.contextmanager
def route_httpx_to_store(store: Store | RunfilterApp, host: str | None = None) -> Iterator[str]:
    """While the block runs, every httpx client's requests for `host` are answered by `store`.

    Yields the API base URL (``http://<host>/api``). `host` defaults to a new
    name under ``.invalid``. Applies to clients created before or inside the
    block, whatever transport or mounts they were built with; requests for
    other hosts are untouched. Registering a host twice at once is an error.
    """
    app = _as_app(store, DEFAULT_MAX_BODY_SIZE)
    host = host or f"runfilter-{uuid.uuid4().hex[:12]}.invalid"
    _ROUTING.add(host, (RunfilterTransport(app), AsyncRunfilterTransport(app)))
    try:
        yield f"http://{host}/api"
    finally:
        _ROUTING.remove(host)


@dataclass(frozen=True)
class RunfilterAPI:
    """What :func:`use_store_for_prefect` yields: the store answering and the ``PREFECT_API_URL`` in use."""

    store: Store
    url: str


@contextlib.contextmanager
def use_store_for_prefect(store: Store | RunfilterApp) -> Iterator[RunfilterAPI]:
    """While the block runs, Prefect's client (``get_client()`` and friends) is answered by `store`.

    Needs the ``prefect`` package (imported here, not by runfilter). Sets
    ``PREFECT_API_URL`` with Prefect's ``temporary_settings`` and, for threads
    started by the code under test, as Prefect's process-global settings
    context too; both are restored on exit. Change the store between calls
    (or, with threads, under the app's ``lock``), not during one.
    """
    import prefect.context
    from prefect.settings import PREFECT_API_URL, temporary_settings

    app = _as_app(store, DEFAULT_MAX_BODY_SIZE)
    with route_httpx_to_store(app) as url, temporary_settings(updates={PREFECT_API_URL: url}):
        previous_global = prefect.context.GLOBAL_SETTINGS_CONTEXT
        prefect.context.GLOBAL_SETTINGS_CONTEXT = prefect.context.get_settings_context()
        try:
            yield RunfilterAPI(app.store, url)
        finally:
            prefect.context.GLOBAL_SETTINGS_CONTEXT = previous_global


__all__ = [
    "AsyncRunfilterTransport",
    "RunfilterAPI",
    "RunfilterTransport",
    "route_httpx_to_store",
    "use_store_for_prefect",
]
