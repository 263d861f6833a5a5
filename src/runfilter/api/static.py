"""Routes that answer fixed facts about a Prefect 3.9.1 server: health, versions, readiness, CSRF, settings.

Prefect's client calls some of them on its own (``/health``, ``/csrf-token``,
``/admin/version``); runfilter answers what a default server answers. CSRF
protection is off on a default server, and ``/csrf-token`` says so with a
422 once its required ``client`` query parameter is given, which makes the
client switch its CSRF handling off (docs/semantics.md#routing).
``/admin/settings`` answers the settings Prefect 3.9.1 reports when configured
as runfilter behaves: no background services, no analytics, no block
registration (``data/prefect_settings.json``, recorded from Prefect by
``tests/conformance/record_settings.py``; docs/semantics.md#server-settings).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import RequestError
from .params import REQUIRED, Params, param
from .route import Context, Route

#: The Prefect release whose server runfilter emulates, as ``/admin/version`` reports it.
PREFECT_SERVER_VERSION = "3.9.1"
#: The REST API version Prefect 3.9.1 reports at ``/version``.
PREFECT_API_VERSION = "0.8.4"


def _fact(value: Any) -> Any:
    return lambda ctx, v: value


@cache
def _settings() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "data" / "prefect_settings.json").read_text())


def _admin_settings(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    # a copy: callers own what they are answered
    return copy.deepcopy(_settings())


def _csrf_token(ctx: Context, v: dict[str, Any]) -> Any:
    raise RequestError(422, {"detail": "CSRF protection is disabled."}, "CSRF protection is disabled")


#: The server-fact routes.
ROUTES = (
    Route("GET", "/health", _fact(True)),
    Route("GET", "/version", _fact(PREFECT_API_VERSION)),
    Route("GET", "/admin/version", _fact(PREFECT_SERVER_VERSION)),
    Route("GET", "/admin/settings", _admin_settings),
    # no block documents are held, so no default result storage block is configured
    Route("GET", "/admin/storage", lambda ctx, v: {"default_result_storage_block_id": None}),
    Route("GET", "/hello", _fact("👋")),
    Route("GET", "/ready", _fact({"message": "OK"})),
    Route("GET", "/csrf-token", _csrf_token, Params((param("client", str, REQUIRED, location="query"),))),
)
