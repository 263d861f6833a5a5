"""Prefect's own web UI in front of a store: ``runfilter serve DATASET --ui`` (docs/semantics.md#serving-the-ui).

The ``prefect`` package ships two built UIs: V1 in ``prefect/server/ui``,
served at ``/``, and V2 in ``prefect/server/ui-v2``, served at ``/v2`` (the
default). A Prefect server copies them once, rewriting the placeholder
``/PREFECT_UI_SERVE_BASE_REPLACE_PLACEHOLDER`` in their text files to each
bundle's base path, and serves them as single-page apps; both UIs then ask
``/ui-settings`` where the API is. :class:`PrefectUIApp` does the same from
memory, without writing anything: ``/api/...`` goes to the API
(:class:`~runfilter.asgi.RunfilterApp`), everything else to the UI:

* ``GET /ui-settings``: the API URL (this server's own ``/api``), CSRF off,
  no auth, the bundles found and their base paths;
* a browser navigation to ``/`` is redirected (307) to ``/v2/`` unless the
  cookie ``prefect_ui_version=v1`` asks for V1; ``/v2`` gets a slash (307);
* a file of a bundle is served with its media type and an ``ETag`` (304 when
  the browser has it); only GET and HEAD (another method: 405 on a file, 404
  elsewhere);
* any other path answers the bundle's ``index.html`` when the request accepts
  HTML (the UI's router takes it from there), else 404.

Nothing here imports ``prefect``: the bundles are found on disk.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .asgi import DEFAULT_MAX_BODY_SIZE, HTTPResponse, RunfilterApp
from .store import Store

#: The text Prefect's UI bundles carry where their base path goes.
PLACEHOLDER = "/PREFECT_UI_SERVE_BASE_REPLACE_PLACEHOLDER"
#: Files in which Prefect replaces the placeholder.
_REWRITTEN = (".txt", ".html", ".css", ".js", ".json")
_NOT_FOUND = b'{"detail":"Not Found"}'
_NOT_ALLOWED = b'{"detail":"Method Not Allowed"}'


class UINotFound(RuntimeError):
    """The ``prefect`` package (which ships the UI) is not installed where runfilter runs."""


@dataclass
class Bundle:
    """One built UI: where its files are and the base path it is served at (``""`` for ``/``)."""

    name: str
    root: Path
    base: str
    _files: dict[str, tuple[bytes, str, str] | None] = field(default_factory=dict, repr=False)

    def file(self, relative: str) -> tuple[bytes, str, str] | None:
        """``(content, media type, etag)`` of a file of the bundle (placeholder rewritten), or None.

        Cached after the first read; O(file size) once.
        """
        if relative not in self._files:
            self._files[relative] = self._read(relative)
        return self._files[relative]

    def _read(self, relative: str) -> tuple[bytes, str, str] | None:
        parts = [p for p in relative.split("/") if p]
        if any(p in (".", "..") for p in parts):
            return None
        path = self.root.joinpath(*parts) if parts else self.root
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.is_symlink():
            return None
        content = path.read_bytes()
        if path.suffix in _REWRITTEN:
            content = content.replace(PLACEHOLDER.encode(), self.base.encode())
        media = mimetypes.guess_type(path.name)[0] or "text/plain"
        if media.startswith("text/") or media in ("application/javascript", "application/json"):
            media += "; charset=utf-8"
        return content, media, '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def find_bundles() -> list[Bundle]:
    """Prefect's two UIs from the installed ``prefect`` package (V1 at ``/``, V2 at ``/v2``).

    Raises :class:`UINotFound` when ``prefect`` is not installed or ships no UI.
    """
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise UINotFound("--ui serves the UI that ships inside the prefect package, which is not installed here")
    server = Path(next(iter(spec.submodule_search_locations))) / "server"
    bundles = [Bundle(name, server / folder, base) for name, folder, base in (("v1", "ui", ""), ("v2", "ui-v2", "/v2"))]
    found = [b for b in bundles if (b.root / "index.html").is_file()]
    if not found:
        raise UINotFound(f"the prefect package at {server.parent} ships no built UI")
    return found


class PrefectUIApp(RunfilterApp):
    """A :class:`~runfilter.asgi.RunfilterApp` that also serves Prefect's UI (see the module)."""

    def __init__(
        self, store: Store, bundles: list[Bundle] | None = None, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE
    ) -> None:
        super().__init__(store, max_body_size=max_body_size)
        #: the UIs served, by name
        self.bundles = {b.name: b for b in (find_bundles() if bundles is None else bundles)}

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
        """``/api/...`` as the API does; every other path as Prefect's UI app does."""
        if path == "/api" or path.startswith("/api/"):
            return super().handle(
                method, path, body=body, headers=headers, query_string=query_string, base_url=base_url
            )
        method = method.upper()
        header_map = {k.lower(): v for k, v in (headers.items() if isinstance(headers, Mapping) else headers)}
        response = self._ui(method, path, header_map, query_string, base_url)
        if method == "HEAD":
            response = HTTPResponse(response.status, response.headers, b"")
        return response

    def ui_settings(self, base_url: str) -> dict[str, object]:
        """What ``/ui-settings`` answers: where the API is, which UIs there are and where."""
        available = [name for name in ("v1", "v2") if name in self.bundles]
        return {
            "api_url": base_url.rstrip("/") + "/api",
            "csrf_enabled": False,
            "auth": None,
            "flags": [],
            "default_ui": "v2" if "v2" in self.bundles else available[0],
            "available_uis": available,
            "v1_base_url": "/" if "v1" in self.bundles else None,
            "v2_base_url": "/v2" if "v2" in self.bundles else None,
        }

    def _ui(self, method: str, path: str, headers: dict[str, str], query: str, base_url: str) -> HTTPResponse:
        if path == "/ui-settings":
            if method not in ("GET", "HEAD"):
                return _respond(405, _NOT_ALLOWED, "application/json", [("allow", "GET")])
            body = json.dumps(self.ui_settings(base_url), separators=(",", ":")).encode()
            return _respond(200, body, "application/json")
        navigation = method in ("GET", "HEAD") and _is_navigation(headers)
        if path == "/" and navigation and self._preferred(headers) == "v2" and "v2" in self.bundles:
            return _redirect(base_url, "/v2/", query)
        if path == "/v2" and "v2" in self.bundles:
            return _redirect(base_url, "/v2/", query)
        bundle = self.bundles.get("v2") if path.startswith("/v2/") else self.bundles.get("v1")
        if bundle is None:
            return _respond(404, _NOT_FOUND, "application/json")
        found = bundle.file(path[len(bundle.base) :])
        if found is not None:
            if method not in ("GET", "HEAD"):
                return _respond(405, _NOT_ALLOWED, "application/json", [("allow", "GET, HEAD")])
            content, media, etag = found
            if headers.get("if-none-match") == etag:
                return HTTPResponse(304, (("etag", etag),), b"")
            return _respond(200, content, media, [("etag", etag)])
        if method in ("GET", "HEAD") and _accepts_html(headers.get("accept", "")):
            content, media, _ = bundle.file("/index.html")  # type: ignore[misc]
            return _respond(200, content, media)
        return _respond(404, _NOT_FOUND, "application/json")

    def _preferred(self, headers: dict[str, str]) -> str:
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "prefect_ui_version" and value in self.bundles:
                return value
        return "v2"


def _is_navigation(headers: dict[str, str]) -> bool:
    return (
        headers.get("sec-fetch-mode") == "navigate"
        or headers.get("sec-fetch-dest") in ("document", "iframe")
        or "text/html" in headers.get("accept", "")
    )


def _accepts_html(accept: str) -> bool:
    for item in accept.split(","):
        media, *params = (p.strip() for p in item.split(";"))
        if media in ("text/html", "application/xhtml+xml"):
            q = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                if float(q) > 0:
                    return True
            except ValueError:
                continue
    return False


def _respond(status: int, body: bytes, media: str, extra: list[tuple[str, str]] | None = None) -> HTTPResponse:
    headers = [("content-length", str(len(body))), ("content-type", media), *(extra or [])]
    return HTTPResponse(status, tuple(headers), body)


def _redirect(base_url: str, target: str, query: str) -> HTTPResponse:
    location = base_url.rstrip("/") + target + (f"?{query}" if query else "")
    return HTTPResponse(307, (("content-length", "0"), ("location", location)), b"")


__all__ = ["PLACEHOLDER", "Bundle", "PrefectUIApp", "UINotFound", "find_bundles"]
