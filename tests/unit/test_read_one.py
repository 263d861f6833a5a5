"""GET routes reading one record by id or name: the row the filter endpoints give, or Prefect's 404.

Checked against Prefect itself in ``tests/prefect_client`` (client methods and
raw HTTP); here through ``Store.request``/``query`` and the naive engine.
"""

from __future__ import annotations

import pytest

from runfilter import NotFoundError, Store
from runfilter.naive import naive_request
from runfilter.synthetic import NOW, generate

MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.from_dataset(generate(60, seed=3), now=NOW)


def first(store: Store, kind: str, body: dict | None = None) -> dict:
    return store.query(f"{kind}/filter", {"limit": 1, **(body or {})})[0]


def test_each_route_gives_the_filter_endpoints_row(store: Store) -> None:
    run = first(store, "flow_runs", {"flow_runs": {"deployment_id": {"is_null_": False}}})
    task_run = first(store, "task_runs")
    deployment = store.query("deployments/filter", {"deployments": {"id": {"any_": [run["deployment_id"]]}}})[0]
    flow = store.query("flows/filter", {"flows": {"id": {"any_": [deployment["flow_id"]]}}})[0]
    reads = {
        f"flow_runs/{run['id']}": run,
        f"task_runs/{task_run['id']}": task_run,
        f"flows/{flow['id']}": flow,
        f"flows/name/{flow['name']}": flow,
        f"deployments/{deployment['id']}": deployment,
        f"deployments/name/{flow['name']}/{deployment['name']}": deployment,
    }
    for path, row in reads.items():
        assert store.request(f"/api/{path}", None, "GET") == (200, row)
        assert naive_request(store, path, None, "GET") == (200, row)


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (f"flow_runs/{MISSING}", "Flow run not found"),
        (f"task_runs/{MISSING}", "Task not found"),  # sic: Prefect's detail for this route
        (f"flows/{MISSING}", "Flow not found"),
        ("flows/name/no such flow", "Flow not found"),
        (f"deployments/{MISSING}", "Deployment not found"),
        ("deployments/name/no such flow/nightly", "Deployment not found"),
    ],
)
def test_a_missing_record_is_prefects_404(store: Store, path: str, detail: str) -> None:
    assert store.request(path, None, "GET") == (404, {"detail": detail})
    assert naive_request(store, path, None, "GET") == (404, {"detail": detail})
    with pytest.raises(NotFoundError, match=detail.lower()):
        store.query(path, None, "GET")


def test_ids_are_read_as_starlettes_uuid_convertor_reads_them(store: Store) -> None:
    run = first(store, "flow_runs")
    for spelling in (run["id"].upper(), run["id"].replace("-", "")):
        assert store.request(f"flow_runs/{spelling}", None, "GET") == (200, run)
    assert store.request("flow_runs/not-a-uuid", None, "GET") == (404, {"detail": "Not Found"})


def test_the_body_is_ignored_and_other_methods_are_refused(store: Store) -> None:
    run = first(store, "flow_runs")
    assert store.request(f"flow_runs/{run['id']}", {"limit": "not even valid"}, "GET") == (200, run)
    assert store.request(f"flow_runs/{run['id']}", None, "HEAD")[0] == 405
    assert store.request(f"flow_runs/{run['id']}", None, "DELETE")[0] == 501  # a Prefect route, not emulated


def test_names_are_percent_decoded_per_segment() -> None:
    named = Store.from_dataset({"flows": [{"name": "a b+é"}]}, now=NOW)
    status, flow = named.request("flows/name/a%20b%2B%C3%A9", None, "GET")
    assert (status, flow["name"]) == (200, "a b+é")
