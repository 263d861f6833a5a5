"""Prefect's own UI on runfilter, in a real browser: ``runfilter serve --ui`` (docs/semantics.md#serving-the-ui).

Headless Chromium (Debian's ``chromium``) driven by Playwright loads the
dashboard, the flow-run list, a flow run's page, and the flows, deployments
and work-pool pages of both UIs that ship in the ``prefect`` package (V2,
the default, and V1). A page fails the test when any request to the server
fails or answers an error, when the console reports an error other than the
ones a real Prefect server causes too (listed below), or when the page does
not show the data it is about. Screenshots are kept in
``test-artifacts/ui/`` for a reader to look at.

Skipped, with the reason, where Chromium or Playwright is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runfilter import Store
from runfilter.server import serve_in_background
from runfilter.synthetic import NOW, generate
from runfilter.ui_app import PrefectUIApp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"
#: Static files the UIs ask for that a Prefect 3.9.1 server does not have either (404 there too).
PREFECT_MISSING_FILES = ("/favicon.ico", "/ico/undefined.svg", "/completed.svg", "/failed.svg", "/running.svg")
_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

playwright_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright (see .ci/run)")
if CHROMIUM is None:
    pytest.skip("the browser test needs Debian's chromium (apt-get install chromium)", allow_module_level=True)


def _shifted(dataset: dict[str, Any], delta: dt.timedelta) -> dict[str, Any]:
    """The dataset with every timestamp moved by `delta` (so the UIs' "last 24 hours" shows runs)."""

    def move(value: Any) -> Any:
        if isinstance(value, str) and _TIMESTAMP.match(value):
            return (dt.datetime.fromisoformat(value.replace("Z", "+00:00")) + delta).isoformat()
        if isinstance(value, list):
            return [move(v) for v in value]
        if isinstance(value, dict):
            return {k: move(v) for k, v in value.items()}
        return value

    return move(dataset)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, dict[str, Any]]]:
    """A store of 300 flow runs around the real now, served with the UI; yields (base URL, dataset)."""
    now = dt.datetime.now(dt.UTC)
    dataset = _shifted(generate(300, seed=5), now - NOW)
    store = Store.from_dataset(dataset)  # the wall clock, as the browser's
    with serve_in_background(PrefectUIApp(store)) as api_url:
        yield api_url.removesuffix("/api"), dataset


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*args, "--disable-sync"])
        yield instance
        instance.close()


def _pages(dataset: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(screenshot name, path, a text the page must show) for each page of both UIs."""
    runs = [r for r in dataset["flow_runs"] if r.get("state_type") == "COMPLETED" and r.get("deployment_id")]
    run = runs[0]
    # the list pages open on their first page, by name
    first_flow = min(f["name"] for f in dataset["flows"])
    first_deployment = min(d["name"] for d in dataset["deployments"])
    pool = dataset["work_pools"][0]
    pages = []
    for ui, prefix in (("v2", "/v2"), ("v1", "")):
        pages += [
            (f"{ui}-dashboard", f"{prefix}/dashboard", "Dashboard"),
            (f"{ui}-runs", f"{prefix}/runs", "Runs"),
            (f"{ui}-flow-run", f"{prefix}/runs/flow-run/{run['id']}", run["name"]),
            (f"{ui}-flows", f"{prefix}/flows", first_flow),
            (f"{ui}-deployments", f"{prefix}/deployments", first_deployment),
            (f"{ui}-work-pools", f"{prefix}/work-pools", pool["name"]),
        ]
    return pages


def _is_prefect_noise(message: Any, base: str) -> bool:
    """A console error a real Prefect server causes too: its own missing files, or hosts we block."""
    url = (message.location or {}).get("url", "") or ""
    if url and not url.startswith(base):
        return True  # an external host (analytics, block logos): blocked here, unreachable offline anyway
    return "404" in message.text and any(url.endswith(path) for path in PREFECT_MISSING_FILES)


def test_prefects_ui_shows_the_dataset_without_a_failed_request(
    served: tuple[str, dict[str, Any]], browser: Any
) -> None:
    base, dataset = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    served_api: list[str] = []
    for name, path, must_show in _pages(dataset):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route(re.compile(r"^(?!" + re.escape(base) + ").*"), lambda route: route.abort())

        def on_response(response: Any, name: str = name) -> None:
            if "/api/" in response.url:
                served_api.append(response.url)
                if response.status >= 400:
                    problems.append(f"{name}: {response.request.method} {response.url} -> {response.status}")

        def on_failed(request: Any, name: str = name) -> None:
            if request.url.startswith(base):
                problems.append(f"{name}: request failed {request.method} {request.url}: {request.failure}")

        def on_console(message: Any, name: str = name) -> None:
            if message.type == "error" and not _is_prefect_noise(message, base):
                problems.append(f"{name}: console error {message.text!r} at {message.location}")

        page.on("response", on_response)
        page.on("requestfailed", on_failed)
        page.on("console", on_console)
        page.goto(base + path, wait_until="networkidle", timeout=60_000)
        try:
            page.get_by_text(must_show, exact=False).first.wait_for(timeout=20_000)
        except playwright_api.TimeoutError:
            problems.append(f"{name}: {path} does not show {must_show!r}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
        page.close()
    (SHOTS / "api-requests.json").write_text(json.dumps(served_api, indent=1))
    assert served_api, "the UIs made no API request"
    assert not problems, "\n".join(problems)
