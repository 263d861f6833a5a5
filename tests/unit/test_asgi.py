"""The ASGI app's HTTP semantics. Expected bodies marked "Prefect" were recorded from Prefect 3.9.1's app
(the same requests are replayed live against it in tests/prefect_client/test_http_parity.py)."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from runfilter import Store
from runfilter.asgi import DEFAULT_MAX_BODY_SIZE, RunfilterApp

JSON = {"content-type": "application/json"}
FLOW_A = "6f1d2a8e-8d5c-4b7a-9d1e-0c3f5a7b9e11"
DATASET = {
    "flows": [{"id": FLOW_A, "name": "a"}, {"name": "b"}],
    "work_pools": [{"name": "a b", "type": "process"}],
    "work_queues": [{"name": "q1", "work_pool_name": "a b"}],
}


@pytest.fixture(scope="module")
def app() -> RunfilterApp:
    return RunfilterApp(Store.from_dataset(DATASET, now="2026-11-01T00:00:00Z"))


def call(app: RunfilterApp, method: str, path: str, body: bytes = b"", headers=None, query: str = ""):
    response = app.handle(method, path, body=body, headers=headers or {}, query_string=query, base_url="http://h")
    return response.status, dict(response.headers), response.body


def test_every_path_is_served_with_and_without_the_api_prefix(app):
    body = json.dumps({"flows": {"name": {"any_": ["a"]}}}).encode()
    assert call(app, "POST", "/api/flows/count", body, JSON)[::2] == (200, b"1")
    assert call(app, "POST", "/flows/count", body, JSON)[::2] == (200, b"1")


def test_responses_are_compact_utf8_json_with_length(app):
    status, headers, body = call(app, "POST", "/api/flows/filter", b'{"sort": "NAME_ASC"}', JSON)
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert headers["content-length"] == str(len(body))
    assert [row["name"] for row in json.loads(body)] == ["a", "b"]
    assert b": " not in body and b", " not in body


def test_answers_equal_store_request(app):
    body = {"work_pools": {"name": {"any_": ["a b"]}}}
    expected = app.store.request("work_queues/filter", body)
    status, _, raw = call(app, "POST", "/api/work_queues/filter", json.dumps(body).encode(), JSON)
    assert (status, json.loads(raw)) == expected


@pytest.mark.parametrize(
    ("raw", "pos", "error"),
    [
        (b'{"limit": ', 10, "Expecting value"),
        (b'{"flows": {]}', 11, "Expecting property name enclosed in double quotes"),
        (b"{} x", 3, "Extra data"),
        (b"   ", 3, "Expecting value"),
    ],
)
def test_malformed_json_is_prefects_json_invalid_422(app, raw, pos, error):
    status, _, body = call(app, "POST", "/api/flow_runs/filter", raw, JSON)
    assert status == 422
    assert json.loads(body) == {  # Prefect
        "exception_message": "Invalid request received.",
        "exception_detail": [
            {
                "type": "json_invalid",
                "loc": ["body", pos],
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": error},
            }
        ],
        "request_body": raw.decode(),
    }


MISSING_HISTORY = [
    {"type": "missing", "loc": ["body", name], "msg": "Field required", "input": None}
    for name in ("history_start", "history_end", "history_interval_seconds")
]


@pytest.mark.parametrize("raw", [b"", b"null"])
def test_an_empty_or_null_body_is_no_body(app, raw):
    assert call(app, "POST", "/flows/count", raw, JSON)[::2] == (200, b"2")
    status, _, body = call(app, "POST", "/flow_runs/history", raw, JSON)
    assert (status, json.loads(body)) == (  # Prefect
        422,
        {"exception_message": "Invalid request received.", "exception_detail": MISSING_HISTORY, "request_body": None},
    )


@pytest.mark.parametrize(
    "content_type", ["application/json", "APPLICATION/JSON", "application/json; charset=latin-1", "application/x+json"]
)
def test_json_content_types_are_parsed(app, content_type):
    status, _, body = call(app, "POST", "/flows/filter", b'{"limit": "x"}', {"content-type": content_type})
    assert status == 422
    assert json.loads(body)["exception_detail"][0]["type"] == "int_parsing"


def test_a_post_without_content_type_is_taken_as_json(app):
    status, _, body = call(app, "POST", "/flows/filter", b'{"limit": "x"}', {})
    assert status == 422 and json.loads(body)["request_body"] == {"limit": "x"}


@pytest.mark.parametrize("content_type", ["text/plain", "", "!!!", "application/x-www-form-urlencoded"])
def test_other_content_types_ignore_the_body_but_echo_it_as_text(app, content_type):
    headers = {"content-type": content_type}
    assert call(app, "POST", "/flows/count", b'{"limit": "x"}', headers)[::2] == (200, b"2")
    status, _, body = call(app, "POST", "/flow_runs/history", b"{}", headers)
    assert (status, json.loads(body)) == (  # Prefect
        422,
        {"exception_message": "Invalid request received.", "exception_detail": MISSING_HISTORY, "request_body": "{}"},
    )


PARSE_ERROR = b'{"detail":"There was an error parsing the body"}'  # Prefect


@pytest.mark.parametrize(
    "raw",
    [b'{"flows": "\xff"}', b"[" * 100_000 + b"]" * 100_000, b'{"limit": 1' + b"0" * 5000 + b"}"],
    ids=["not-utf8", "too-deep", "huge-integer"],
)
def test_undecodable_bodies_are_prefects_400(app, raw):
    assert call(app, "POST", "/flows/count", raw, JSON)[::2] == (400, PARSE_ERROR)


@pytest.mark.parametrize("raw", ['{"limit": 3}'.encode("utf-16"), b"\xef\xbb\xbf{}"], ids=["utf-16", "bom"])
def test_json_in_other_unicode_encodings_is_accepted(app, raw):
    assert call(app, "POST", "/flows/count", raw, JSON)[0] == 200


SERVER_ERROR = b'{"exception_message":"Internal Server Error"}'  # Prefect


@pytest.mark.parametrize(
    ("path", "raw", "content_type"),
    [
        ("/flows/filter", b'{"limit": NaN}', "application/json"),
        ("/flows/filter", b'{"limit": Infinity}', "application/json"),
        ("/flow_runs/history", b"\xff", "text/plain"),
    ],
    ids=["nan-echoed", "infinity-echoed", "undecodable-echo"],
)
def test_unencodable_answers_are_prefects_500(app, path, raw, content_type):
    assert call(app, "POST", path, raw, {"content-type": content_type})[::2] == (500, SERVER_ERROR)


def test_oversized_bodies_get_413_without_parsing(app):
    status, _, body = call(app, "POST", "/flows/count", b" " * (DEFAULT_MAX_BODY_SIZE + 1), JSON)
    assert status == 413
    assert str(DEFAULT_MAX_BODY_SIZE) in json.loads(body)["detail"]
    small = RunfilterApp(app.store, max_body_size=10)
    assert call(small, "POST", "/flows/count", b"{}" + b" " * 8, JSON)[0] == 200
    assert call(small, "POST", "/flows/count", b"{}" + b" " * 9, JSON)[0] == 413


def test_unknown_and_unserved_paths(app):
    assert call(app, "POST", "/api/nope", b"{bad", JSON)[::2] == (404, b'{"detail":"Not Found"}')
    status, _, body = call(app, "POST", "/api/flows/", b"{}", JSON)
    assert status == 501 and "POST /flows/" in json.loads(body)["detail"]
    for path in ("//flows/count", "/api//flows/count", "/flows//count", "/api/api/flows/count"):
        assert call(app, "POST", path, b"{}", JSON)[0] == 404, path


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/api/flows/count", "POST"),
        ("POST", f"/api/flows/{FLOW_A}", "PATCH"),
        ("POST", "/health", "GET"),
        ("DELETE", "/docs", "GET, HEAD"),
    ],
)
def test_method_not_allowed_carries_allow(app, method, path, allow):
    status, headers, body = call(app, method, path, b"{bad", JSON)
    assert (status, headers["allow"], body) == (405, allow, b'{"detail":"Method Not Allowed"}')


def test_head_answers_have_no_body_but_keep_their_length(app):
    status, headers, body = call(app, "HEAD", "/api/health")
    assert (status, headers["allow"], body) == (405, "GET", b"")
    assert headers["content-length"] == "31"


@pytest.mark.parametrize(
    ("method", "path", "location"),
    [
        ("POST", "/api/flows/filter/", "http://h/api/flows/filter"),
        ("POST", "/flows", "http://h/flows/"),
        ("GET", "/api/health/", "http://h/api/health"),
    ],
)
def test_a_stray_or_missing_trailing_slash_redirects(app, method, path, location):
    status, headers, body = call(app, method, path, b"{}", JSON, query="a=1")
    assert (status, headers["location"], body) == (307, location + "?a=1", b"")


@pytest.mark.parametrize(
    ("path", "query", "status", "payload"),
    [
        ("/api/health", "", 200, True),
        ("/health", "x=1", 200, True),
        ("/api/version", "", 200, "0.8.4"),
        ("/api/admin/version", "", 200, "3.9.1"),
        ("/api/hello", "", 200, "👋"),
        ("/api/ready", "", 200, {"message": "OK"}),
        ("/api/csrf-token", "client=abc", 422, {"detail": "CSRF protection is disabled."}),
        ("/api/csrf-token", "client=", 422, {"detail": "CSRF protection is disabled."}),
    ],
)
def test_static_facts_of_a_prefect_server(app, path, query, status, payload):
    got_status, _, body = call(app, "GET", path, query=query)
    assert (got_status, json.loads(body)) == (status, payload)


def test_csrf_token_without_client_is_prefects_query_422(app):
    status, _, body = call(app, "GET", "/api/csrf-token")
    assert status == 422
    assert json.loads(body)["exception_detail"] == [
        {"type": "missing", "loc": ["query", "client"], "msg": "Field required", "input": None}
    ]


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/work_pools/a b/queues/filter", None),
        ("/api/work_pools/a%41/queues/filter", 'Work pool "a%41" not found.'),
    ],
)
def test_path_parameters_are_the_decoded_segment(app, path, detail):
    status, _, body = call(app, "POST", path, b"{}", JSON)
    if detail is None:
        assert status == 200 and [q["name"] for q in json.loads(body)] == ["q1"]
    else:
        assert (status, json.loads(body)) == (404, {"detail": detail})
    assert call(app, "POST", "/api/work_pools/a/b/queues/filter", b"{}", JSON)[0] == 404


def test_a_failing_store_is_a_500_not_an_exception(caplog):
    class Broken(Store):
        def request(self, path, body=None, method="POST", params=None, headers=None):
            raise RuntimeError("boom")

    status, _, body = call(RunfilterApp(Broken()), "POST", "/flows/count", b"{}", JSON)
    assert (status, body) == (500, SERVER_ERROR)
    assert "boom" in caplog.text


# -- the ASGI interface


def run_asgi(app, scope, messages):
    inbox, sent = list(messages), []

    async def receive():
        return inbox.pop(0) if inbox else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def http_scope(method="POST", path="/api/flows/count", headers=(), **extra):
    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": list(headers)}
    return {**scope, "root_path": "", "scheme": "http", "server": ("127.0.0.1", 80), **extra}


def test_asgi_http_request_in_chunks(app):
    chunks = [{"type": "http.request", "body": b'{"flows": {"name": ', "more_body": True}]
    chunks.append({"type": "http.request", "body": b'{"any_": ["b"]}}}', "more_body": False})
    sent = run_asgi(app, http_scope(headers=[(b"content-type", b"application/json")]), chunks)
    assert sent[0]["status"] == 200 and (b"content-type", b"application/json") in sent[0]["headers"]
    assert sent[1] == {"type": "http.response.body", "body": b"1"}


def test_asgi_redirect_uses_host_and_mount_path(app):
    scope = http_scope(path="/mnt/flows/count/", root_path="/mnt", headers=[(b"host", b"example:8080")])
    sent = run_asgi(app, scope, [{"type": "http.request", "body": b""}])
    assert sent[0]["status"] == 307
    assert (b"location", b"http://example:8080/mnt/flows/count") in sent[0]["headers"]


def test_asgi_oversized_bodies_are_refused_early(app):
    small = RunfilterApp(app.store, max_body_size=4)
    declared = http_scope(headers=[(b"content-length", b"5")])
    assert run_asgi(small, declared, [])[0]["status"] == 413  # nothing read
    streamed = [{"type": "http.request", "body": b"{}  ", "more_body": True}, {"type": "http.request", "body": b" "}]
    assert run_asgi(small, http_scope(), streamed)[0]["status"] == 413


def test_asgi_client_disconnect_sends_nothing(app):
    assert run_asgi(app, http_scope(), [{"type": "http.request", "body": b"{", "more_body": True}]) == []


def test_asgi_lifespan_and_websocket(app):
    events = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent = run_asgi(app, {"type": "lifespan"}, events)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    closed = run_asgi(app, {"type": "websocket", "path": "/api/logs/out"}, [{"type": "websocket.connect"}])
    assert closed[0]["type"] == "websocket.close"


def test_concurrent_requests_from_threads_get_their_own_answers(app):
    bodies = {name: json.dumps({"flows": {"name": {"any_": [name]}}}).encode() for name in ("a", "b", "zz")}
    expected = {"a": b"1", "b": b"1", "zz": b"0"}
    errors: list[str] = []

    def worker(name: str) -> None:
        for _ in range(50):
            got = call(app, "POST", "/api/flows/count", bodies[name], JSON)[2]
            if got != expected[name]:
                errors.append(f"{name}: {got!r}")

    threads = [threading.Thread(target=worker, args=(name,)) for name in bodies for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_download_is_sent_as_text_with_prefects_headers():
    flow = {"id": "00000000-0000-4000-8000-000000000001", "name": "f"}
    run = {"id": "00000000-0000-4000-8000-0000000000e1", "name": "nightly run", "flow_id": flow["id"]}
    app = RunfilterApp(Store.from_dataset({"flows": [flow], "flow_runs": [run]}))
    answer = app.handle("GET", f"/api/flow_runs/{run['id']}/logs/download")
    headers = dict(answer.headers)
    assert (answer.status, answer.body) == (200, b"timestamp,level,flow_run_id,task_run_id,message\r\n")
    assert headers["content-type"] == "text/csv; charset=utf-8"
    assert headers["content-disposition"] == (
        "attachment; filename=\"flow-run-logs.csv\"; filename*=UTF-8''nightly%20run-logs.csv"
    )
    missing = app.handle("GET", "/api/flow_runs/00000000-0000-4000-8000-0000000000ff/logs/download")
    assert (missing.status, missing.json()) == (404, {"detail": "Flow run not found"})
