"""Serving Prefect's UI (``runfilter serve --ui``): the rules of Prefect's UI app, on two small fake bundles.

The real bundles (which need the ``prefect`` package) are exercised in a real
browser by ``tests/prefect_client/test_ui_browser.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runfilter import Store
from runfilter.ui_app import PLACEHOLDER, Bundle, PrefectUIApp

HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def app(tmp_path: Path) -> PrefectUIApp:
    bundles = []
    for name, base in (("v1", ""), ("v2", "/v2")):
        root = tmp_path / name
        (root / "assets").mkdir(parents=True)
        (root / "index.html").write_text(f'<script src="{PLACEHOLDER}/assets/app.js"></script>{name}')
        (root / "assets" / "app.js").write_text(f'const base = "{PLACEHOLDER}";')
        (root / "assets" / "logo.png").write_bytes(PLACEHOLDER.encode() + b"\x89")
        bundles.append(Bundle(name, root, base))
    return PrefectUIApp(Store.from_dataset({"flows": [{"name": "etl"}]}), bundles)


def test_ui_settings_point_at_this_servers_api(app: PrefectUIApp) -> None:
    answer = app.handle("GET", "/ui-settings", base_url="http://127.0.0.1:4321")
    assert answer.status == 200
    assert json.loads(answer.body) == {
        "api_url": "http://127.0.0.1:4321/api",
        "csrf_enabled": False,
        "auth": None,
        "flags": [],
        "default_ui": "v2",
        "available_uis": ["v1", "v2"],
        "v1_base_url": "/",
        "v2_base_url": "/v2",
    }
    assert app.handle("POST", "/ui-settings").status == 405


def test_the_api_stays_under_api_only(app: PrefectUIApp) -> None:
    assert app.handle("POST", "/api/flows/count", body=b"{}").body == b"1"
    assert app.handle("POST", "/flows/count", body=b"{}", headers={"accept": "application/json"}).status == 404


def test_navigations_to_the_root_go_to_v2_unless_the_cookie_says_v1(app: PrefectUIApp) -> None:
    moved = app.handle("GET", "/", headers=HTML, query_string="a=1", base_url="http://h:1")
    assert (moved.status, dict(moved.headers)["location"]) == (307, "http://h:1/v2/?a=1")
    v1 = app.handle("GET", "/", headers={**HTML, "cookie": "x=1; prefect_ui_version=v1"})
    assert v1.status == 200 and v1.body.endswith(b"v1")
    assert app.handle("GET", "/v2", headers=HTML).status == 307


def test_files_have_the_base_path_written_in(app: PrefectUIApp) -> None:
    v1 = app.handle("GET", "/assets/app.js")
    v2 = app.handle("GET", "/v2/assets/app.js")
    assert v1.body == b'const base = "";' and v2.body == b'const base = "/v2";'
    assert dict(v2.headers)["content-type"].startswith("text/javascript")
    assert app.handle("GET", "/v2/").body.startswith(b'<script src="/v2/assets/app.js">')
    assert app.handle("GET", "/assets/logo.png").body == PLACEHOLDER.encode() + b"\x89"  # binary: untouched


def test_unknown_paths_get_the_app_for_html_and_404_otherwise(app: PrefectUIApp) -> None:
    page = app.handle("GET", "/v2/runs/flow-run/abc", headers=HTML)
    assert page.status == 200 and page.body.endswith(b"v2")
    assert app.handle("GET", "/dashboard", headers={"accept": "*/*"}).status == 404
    assert app.handle("GET", "/dashboard", headers={"accept": "text/html;q=0"}).status == 404
    assert app.handle("GET", "/../secret", headers={"accept": "*/*"}).status == 404


def test_methods_and_caching(app: PrefectUIApp) -> None:
    assert app.handle("POST", "/assets/app.js").status == 405
    assert app.handle("POST", "/nope").status == 404
    first = app.handle("GET", "/assets/app.js")
    etag = dict(first.headers)["etag"]
    assert app.handle("GET", "/assets/app.js", headers={"if-none-match": etag}).status == 304
    head = app.handle("HEAD", "/assets/app.js")
    assert head.status == 200 and head.body == b""
