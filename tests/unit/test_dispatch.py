"""Dispatch: Prefect's route table decides 404/405/501; served routes take path and query parameters and
choose their status."""

from __future__ import annotations

import pytest

from runfilter import Store
from runfilter.api import dispatch
from runfilter.api.params import REQUIRED, Params, param
from runfilter.api.route import Answer, Route
from runfilter.api.routes import PREFECT_ROUTES
from runfilter.naive import naive_request


@pytest.fixture
def store() -> Store:
    return Store.from_dataset({"flows": [{"name": "etl"}]}, now="2026-11-01T00:00:00Z")


def test_every_served_route_is_a_prefect_route() -> None:
    table = {
        (method, template)
        for methods, template in (r.split(" ", 1) for r in PREFECT_ROUTES)
        for method in methods.split(",")
    }
    assert set(dispatch.ROUTES) <= table, sorted(set(dispatch.ROUTES) - table)


def test_each_kind_serves_its_query_routes() -> None:
    served = {template for _, template in dispatch.ROUTES}
    for kind in ("flows", "flow_runs", "task_runs", "deployments", "work_pools"):
        assert {f"/{kind}/filter", f"/{kind}/count"} <= served


def test_server_facts_are_answered_by_the_store_too(store: Store) -> None:
    assert store.request("/api/health", method="GET") == (200, True)
    assert store.request("admin/version", method="GET") == (200, "3.9.1")
    assert store.request("/ready", method="GET") == (200, {"message": "OK"})


def test_query_parameters_from_the_path_or_a_mapping(store: Store) -> None:
    disabled = (422, {"detail": "CSRF protection is disabled."})
    assert store.request("/csrf-token?client=abc", method="GET") == disabled
    assert store.request("/csrf-token", method="GET", params={"client": ""}) == disabled
    assert store.request("/csrf-token", method="GET", params="client=x&client=y") == disabled
    status, payload = store.request("/csrf-token", method="GET")
    assert status == 422
    assert payload["exception_detail"] == [
        {"type": "missing", "loc": ["query", "client"], "msg": "Field required", "input": None}
    ]


def test_unserved_prefect_routes_are_501_naming_the_route(store: Store) -> None:
    status, payload = store.request("/work_pools/my-pool", method="DELETE")
    assert status == 501
    assert "DELETE /work_pools/{name}" in payload["detail"]
    assert store.request("/flows/count", method="GET") == (405, {"detail": "Method Not Allowed"})
    assert store.request("/no/such/route")[0] == 404


def test_a_handler_chooses_its_status(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # the write routes to come answer 201/204; the mechanism, on a real Prefect template
    def create(ctx, v):
        return Answer(201, {"name": v["name"], "flows": ctx.engine.count_flows()})

    routes = dict(dispatch.ROUTES)
    routes[("POST", "/flows/")] = Route("POST", "/flows/", create, Params((param("name", str, REQUIRED),)))
    routes[("DELETE", "/flows/{id:uuid}")] = Route("DELETE", "/flows/{id:uuid}", lambda ctx, v: None, status=204)
    monkeypatch.setattr(dispatch, "ROUTES", routes)
    monkeypatch.setattr(dispatch, "_RECENT", {})  # answers remembered under the real table must not leak in or out
    monkeypatch.setattr(
        "runfilter.query.planner.QueryEngine.count_flows", lambda self: len(self.store.tables["flows"]), raising=False
    )
    assert store.request("/flows/", {"name": "new"}) == (201, {"name": "new", "flows": 1})
    assert store.request("/flows/00000000-0000-4000-8000-000000000001", method="DELETE") == (204, None)
    status, payload = store.request("/flows/", {})
    assert status == 422 and payload["exception_detail"][0]["loc"] == ["body", "name"]


def test_the_naive_engine_takes_the_same_routes(store: Store) -> None:
    assert naive_request(store, "/csrf-token?client=1", method="GET") == store.request(
        "/csrf-token?client=1", method="GET"
    )
    assert naive_request(store, "flows/count", {}) == (200, 1)
