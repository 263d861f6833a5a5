"""``runfilter serve`` as a real process, queried over real sockets with the standard library's client."""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from runfilter import Store
from runfilter.asgi import DEFAULT_MAX_BODY_SIZE, RunfilterApp
from runfilter.server import HTTPServer
from runfilter.synthetic import NOW, generate, iso

DATASET = generate(80, seed=11)


def start_server(dataset_file: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "runfilter.cli", "serve", str(dataset_file), "--port", "0", *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()  # the first line names the URL once the port is bound
    match = re.search(r"at (http://\S+/api)", line)
    if match is None:
        process.kill()
        raise AssertionError(f"no URL announced: {line!r} {process.stderr.read()!r}")
    return process, match.group(1)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[int, str]:
    """Signal the server; its exit status and output (a traceback on stderr fails the test)."""
    process.send_signal(sig)
    out, err = process.communicate(timeout=20)
    assert "Traceback" not in err, err
    return process.returncode, out


@pytest.fixture(scope="module")
def dataset_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "dataset.json"
    path.write_text(json.dumps(DATASET))
    return path


@pytest.fixture(scope="module")
def server(dataset_file):
    process, url = start_server(dataset_file, "--now", iso(NOW))
    yield url
    code, _ = stop(process)
    assert code == 0


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.from_dataset(DATASET, now=NOW)


def connect(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)


def post(url: str, path: str, body: bytes, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = connect(url)
    try:
        conn.request("POST", "/api" + path, body=body, headers={"content-type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


QUERIES = [
    ("/flow_runs/filter", {"sort": "START_TIME_DESC", "limit": 7}),
    ("/flow_runs/count", {"flows": {"name": {"like_": "etl"}}}),
    ("/task_runs/paginate", {"limit": 5, "page": 3}),
    ("/work_pools/filter", {}),
]


@pytest.mark.parametrize(("path", "body"), QUERIES)
def test_served_answers_equal_the_store(server, store, path, body):
    status, headers, raw = post(server, path, json.dumps(body).encode())
    assert (status, json.loads(raw)) == store.request(path, body)
    assert headers["content-type"] == "application/json" and int(headers["content-length"]) == len(raw)


def test_error_answers(server):
    status, _, raw = post(server, "/flow_runs/filter", b'{"limit": ')
    assert status == 422 and json.loads(raw)["exception_detail"][0]["type"] == "json_invalid"
    assert post(server, "/no/such/path", b"{}")[::2] == (404, b'{"detail":"Not Found"}')
    status, _, raw = post(server, "/flow_runs/", b"{}")
    assert status == 501 and "POST /flow_runs/" in json.loads(raw)["detail"]


def test_an_oversized_body_gets_413_and_the_server_carries_on(server):
    status, headers, raw = post(server, "/flows/count", b" " * (DEFAULT_MAX_BODY_SIZE + 1))
    assert status == 413 and headers["connection"] == "close"
    assert str(DEFAULT_MAX_BODY_SIZE) in json.loads(raw)["detail"]
    assert post(server, "/flows/count", b"{}")[0] == 200


def test_keep_alive_serves_several_requests_on_one_connection(server, store):
    conn = connect(server)
    try:
        for path, body in QUERIES:
            conn.request("POST", "/api" + path, body=json.dumps(body), headers={"content-type": "application/json"})
            response = conn.getresponse()
            assert (response.status, json.loads(response.read())) == store.request(path, body)
        assert conn.sock is not None  # still the first connection
    finally:
        conn.close()


def test_concurrent_clients(server, store):
    def run(i: int) -> bool:
        path, body = QUERIES[i % len(QUERIES)]
        status, _, raw = post(server, path, json.dumps(body).encode())
        return (status, json.loads(raw)) == store.request(path, body)

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert all(pool.map(run, range(48)))


def raw_exchange(url: str, request: bytes) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("request_bytes", "status_line"),
    [
        (b"POST /api/flows/count HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", b"411"),
        (b"NONSENSE\r\n\r\n", b"400"),
        (b"GET /api/health HTTP/2.0\r\n\r\n", b"505"),
        (b"POST /api/flows/count HTTP/1.1\r\nContent-Length: x\r\n\r\n", b"400"),
        (b"GET /api/health HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", b"431"),
    ],
    ids=["chunked", "bad-request-line", "http2", "bad-length", "huge-head"],
)
def test_malformed_requests_are_refused_and_the_connection_closed(server, request_bytes, status_line):
    answer = raw_exchange(server, request_bytes)
    assert answer.startswith(b"HTTP/1.1 " + status_line)
    assert b"connection: close" in answer.lower()


def test_http_1_0_and_expect_continue(server):
    answer = raw_exchange(server, b"GET /api/health HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"\r\n\r\ntrue")
    request = (
        b"POST /api/flows/count HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
    )
    answer = raw_exchange(server, request)
    assert answer.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signals_shut_down_cleanly_and_release_the_port(dataset_file, sig):
    process, url = start_server(dataset_file)
    idle = connect(url)  # an idle keep-alive connection must not hold the shutdown up
    idle.request("GET", "/api/health")
    assert idle.getresponse().read() == b"true"
    started = time.monotonic()
    code, out = stop(process, sig)
    assert code == 0 and "stopped" in out
    assert time.monotonic() - started < 10
    port = urlsplit(url).port
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with socket.socket() as sock:  # free for the next server (the closed connection may linger in TIME_WAIT)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()
    idle.close()


def test_bad_dataset_and_busy_port(tmp_path, server):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"flow_runs": [{"flow_id": "00000000-0000-0000-0000-000000000000"}]}))
    result = subprocess.run([sys.executable, "-m", "runfilter.cli", "serve", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2 and "flow_runs[0].flow_id" in result.stderr
    good = tmp_path / "good.json"
    good.write_text("{}")
    port = str(urlsplit(server).port)
    command = [sys.executable, "-m", "runfilter.cli", "serve", str(good), "--port", port]
    result = subprocess.run(command, capture_output=True, text=True, timeout=20)
    assert result.returncode == 2 and "--port 0" in result.stderr


def test_a_stalled_body_is_dropped_after_the_idle_timeout(store):
    async def exchange() -> bytes:
        server = HTTPServer(RunfilterApp(store), idle_timeout=0.3)
        await server.start()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(b"POST /api/flows/count HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}")
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), 5)  # EOF once the server gives up
            writer.close()
            return answer
        finally:
            await server.close()

    assert asyncio.run(exchange()) == b""


def _raw_exchange(port: int, head: bytes) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_hostile_heads_get_one_answer_each(server):
    port = urlsplit(server).port
    # a 5,000-digit Content-Length: was an exception in the parser (no answer)
    answer = _raw_exchange(port, b"POST /api/flows/count HTTP/1.1\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b'{"detail": "invalid Content-Length"}' in answer
    # thousands of distinct header names: linear parsing, then a 431 past the count limit
    names = b"".join(b"x-h%d: v\r\n" % i for i in range(2000))
    answer = _raw_exchange(port, b"GET /api/health HTTP/1.1\r\n" + names + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431")
    # the 505 body is JSON even with quotes and backslashes in the version
    answer = _raw_exchange(port, b'GET /api/health HTTP/2"\\\r\n\r\n')
    status, _, rest = answer.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 505")
    assert json.loads(rest.split(b"\r\n\r\n", 1)[1])["detail"].startswith("HTTP version not supported")
    # a lower-case method is not a method Prefect's router knows: 405, as Prefect answers
    answer = _raw_exchange(port, b"get /api/health HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 405")


def test_serving_beyond_loopback_warns(tmp_path):
    dataset = tmp_path / "empty.json"
    dataset.write_text("{}")
    command = [sys.executable, "-m", "runfilter", "serve", str(dataset), "--host", "0.0.0.0", "--port", "0", "--quiet"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "export PREFECT_API_URL" in line:
                break
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "reachable from other machines" in err and "no authentication" in err
