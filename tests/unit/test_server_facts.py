"""The server-fact routes: what the UIs and Prefect's client read about the server itself."""

from __future__ import annotations

import json
from pathlib import Path

from runfilter import Store

SETTINGS = Path(__file__).parents[2] / "src" / "runfilter" / "api" / "data" / "prefect_settings.json"


def test_admin_settings_are_prefects_for_a_server_without_services() -> None:
    status, settings = Store().request("admin/settings", method="GET")
    assert status == 200
    assert settings == json.loads(SETTINGS.read_text())
    services = settings["server"]["services"]
    assert all(service["enabled"] in (False, []) for service in services.values() if isinstance(service, dict))
    assert settings["server"]["analytics_enabled"] is False
    assert settings["home"] == "~/.prefect"


def test_answers_are_the_callers_to_change() -> None:
    store = Store()
    store.query("admin/settings", method="GET")["server"]["analytics_enabled"] = True
    assert store.query("admin/settings", method="GET")["server"]["analytics_enabled"] is False


def test_storage_and_versions() -> None:
    store = Store()
    assert store.request("admin/storage", method="GET") == (200, {"default_result_storage_block_id": None})
    assert store.request("admin/version", method="GET") == (200, "3.9.1")
    assert store.request("admin/storage", {}, method="PUT")[0] == 501
