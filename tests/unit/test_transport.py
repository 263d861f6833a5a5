"""httpx transports and host routing (Prefect's own client on them: tests/prefect_client/)."""

from __future__ import annotations

import asyncio
import json

import pytest

httpx = pytest.importorskip("httpx", reason="runfilter.transport needs httpx (the 'httpx' extra)")

from runfilter import Store  # noqa: E402
from runfilter.asgi import RunfilterApp  # noqa: E402
from runfilter.synthetic import NOW, generate  # noqa: E402
from runfilter.transport import (  # noqa: E402
    AsyncRunfilterTransport,
    RunfilterTransport,
    route_httpx_to_store,
)


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.from_dataset(generate(60, seed=5), now=NOW)


BODIES = [
    ("flow_runs/filter", {"sort": "EXPECTED_START_TIME_DESC", "limit": 5}),
    ("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}),
    ("task_runs/filter", {"limit": 3, "sort": "EXPECTED_START_TIME_DESC"}),
    ("deployments/paginate", {"limit": 4, "page": 2}),
    ("flow_runs/filter", {"limit": "many"}),
]


@pytest.mark.parametrize(("endpoint", "body"), BODIES)
def test_sync_transport_answers_like_the_store(store, endpoint, body):
    with httpx.Client(transport=RunfilterTransport(store), base_url="http://x/api") as client:
        response = client.post(f"/{endpoint}", json=body)
    assert (response.status_code, response.json()) == store.request(endpoint, body)
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize(("endpoint", "body"), BODIES)
def test_async_transport_answers_like_the_store(store, endpoint, body):
    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=AsyncRunfilterTransport(store), base_url="http://x") as client:
            return await client.post(f"/{endpoint}", json=body)

    response = asyncio.run(post())
    assert (response.status_code, response.json()) == store.request(endpoint, body)


def test_transport_bytes_equal_the_apps(store):
    app = RunfilterApp(store)
    raw = b'{"flows": {"name": {"like_": "etl"}}, "limit": 3}'
    with httpx.Client(transport=RunfilterTransport(app), base_url="http://x/api") as client:
        response = client.post("/flows/filter", content=raw, headers={"content-type": "application/json"})
    expected = app.handle("POST", "/api/flows/filter", body=raw, headers={"content-type": "application/json"})
    assert response.content == expected.body
    assert sorted(response.headers.items()) == sorted(expected.headers)


def test_unserved_requests_name_the_route(store):
    with httpx.Client(transport=RunfilterTransport(store), base_url="http://x/api") as client:
        created = client.post("/flow_runs/", json={})
        pool = client.delete("/work_pools/default")
        health = client.get("/health")
    assert created.status_code == 501 and "POST /flow_runs/" in created.json()["detail"]
    assert pool.status_code == 501 and "DELETE /work_pools/{name}" in pool.json()["detail"]
    assert (health.status_code, health.json()) == (200, True)


def test_redirects_are_followed_to_the_same_answer(store):
    with httpx.Client(transport=RunfilterTransport(store), base_url="http://x/api", follow_redirects=True) as client:
        response = client.post("/flows/count/", json={})
    assert [r.status_code for r in response.history] == [307]
    assert (response.status_code, response.json()) == store.request("flows/count", {})


def test_streamed_bodies_over_the_limit_get_413(store):
    transport = RunfilterTransport(RunfilterApp(store, max_body_size=100))

    def chunks():
        yield b'{"limit": 1'
        yield b" " * 200
        yield b"}"

    with httpx.Client(transport=transport, base_url="http://x") as client:
        streamed = client.post("/flows/count", content=chunks())
        declared = client.post("/flows/count", content=b" " * 101)
        fits = client.post("/flows/count", content=b"{}")
    assert "content-length" not in streamed.request.headers
    assert (streamed.status_code, declared.status_code, fits.status_code) == (413, 413, 200)


def test_async_streamed_bodies_are_read(store):
    async def chunks():
        yield b'{"flows": '
        yield b'{"name": {"like_": "etl"}}}'

    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=AsyncRunfilterTransport(store), base_url="http://x") as client:
            return await client.post("/flows/count", content=chunks(), headers={"content-type": "application/json"})

    assert asyncio.run(post()).json() == store.request("flows/count", {"flows": {"name": {"like_": "etl"}}})[1]


def test_route_httpx_to_store_covers_every_client_for_its_host_only(store):
    originals = (httpx.Client._transport_for_url, httpx.AsyncClient._transport_for_url)
    other = Store.from_dataset({"flows": [{"name": "solo"}]})
    elsewhere = httpx.MockTransport(lambda request: httpx.Response(200, json="elsewhere"))
    with route_httpx_to_store(store) as url, route_httpx_to_store(other, host="second.invalid") as second:
        assert url.startswith("http://runfilter-") and url.endswith(".invalid/api")
        with httpx.Client(mounts={"http://other.invalid": elsewhere}) as client:
            assert client.post(url + "/flows/count", json={}).json() == store.request("flows/count", {})[1]
            assert client.post(second + "/flows/count", json={}).json() == 1
            assert client.post("http://other.invalid/api/flows/count", json={}).json() == "elsewhere"

        async def post_async() -> int:
            async with httpx.AsyncClient() as client:
                return (await client.post(second + "/flows/count", json={})).json()

        assert asyncio.run(post_async()) == 1
        with pytest.raises(ValueError, match="already routed"), route_httpx_to_store(other, host="second.invalid"):
            pass
    assert (httpx.Client._transport_for_url, httpx.AsyncClient._transport_for_url) == originals


def test_error_bodies_round_trip_as_json(store):
    with httpx.Client(transport=RunfilterTransport(store), base_url="http://x") as client:
        response = client.post("/flows/filter", content=b"{bad", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert json.loads(response.content)["exception_detail"][0]["type"] == "json_invalid"
