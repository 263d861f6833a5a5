"""The request API: HTTP-shaped answers, typed errors naming the field path, routing like Prefect's router."""

from __future__ import annotations

import pytest
from test_loading import FLOW, NOW, base

from runfilter import BodyValidationError, NotFoundError, RequestError, ServerError, Store


@pytest.fixture
def store() -> Store:
    return Store.from_dataset(base(), now=NOW)


def test_request_accepts_api_prefix_and_leading_slash(store: Store) -> None:
    assert store.request("/api/flow_runs/count", {}) == store.request("flow_runs/count", None) == (200, 1)


def test_bad_body_is_prefects_422_through_request(store: Store) -> None:
    status, payload = store.request("flow_runs/filter", {"flow_runs": {"name": {"bad": 1}}, "offset": -1})
    assert status == 422
    assert payload["exception_message"] == "Invalid request received."
    assert [e["loc"] for e in payload["exception_detail"]] == [["body", "offset"], ["body", "flow_runs", "name", "bad"]]
    assert payload["request_body"] == {"flow_runs": {"name": {"bad": 1}}, "offset": -1}


def test_bad_body_raises_with_the_field_path_through_query(store: Store) -> None:
    with pytest.raises(BodyValidationError) as caught:
        store.query("flow_runs/filter", {"flow_runs": {"state": {"type": {"any_": ["done"]}}}})
    assert str(caught.value).startswith("body.flow_runs.state.type.any_.0: Input should be")
    assert caught.value.status == 422
    assert caught.value.errors[0]["type"] == "enum"


def test_limit_out_of_range_preempts_other_errors(store: Store) -> None:
    assert store.request("flow_runs/filter", {"limit": 201, "sort": "nope"}) == (
        422,
        {"detail": "Invalid limit: must be less than or equal to 200."},
    )
    with pytest.raises(RequestError, match="limit"):
        store.query("flow_runs/filter", {"limit": -1})


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "work_queues/count", 404),  # no such Prefect route
        ("POST", "work_pools/paginate", 405),  # matches GET /work_pools/{name}
        ("POST", "logs/", 501),  # a real Prefect route runfilter does not serve (a write)
        ("GET", "flow_runs/filter", 405),
    ],
)
def test_unserved_paths_answer_like_prefects_router(store: Store, method: str, path: str, status: int) -> None:
    got, payload = store.request(path, {}, method=method)
    assert got == status
    if status == 501:
        assert "POST /logs/" in payload["detail"]


def test_unknown_pool_is_404_after_body_validation(store: Store) -> None:
    assert store.request("work_pools/nope/queues/filter", {}) == (404, {"detail": 'Work pool "nope" not found.'})
    with pytest.raises(NotFoundError):
        store.query("work_pools/nope/queues/filter", {})
    assert store.request("work_pools/nope/queues/filter", {"offset": -1})[0] == 422


def test_history_of_a_run_without_state_is_prefects_500() -> None:
    data = base()
    data["flow_runs"][0].update(state_type=None, end_time=None, expected_start_time="2026-01-01T00:00:00Z")
    store = Store.from_dataset(data, now=NOW)
    body = {
        "history_start": "2026-01-01T00:00:00Z",
        "history_end": "2026-01-02T00:00:00Z",
        "history_interval_seconds": 3600,
    }
    assert store.request("flow_runs/history", body) == (500, {"exception_message": "Internal Server Error"})
    with pytest.raises(ServerError):
        store.query("flow_runs/history", body)


def test_frozen_clock_drives_estimated_run_time() -> None:
    data = base()
    data["flow_runs"][0].update(state_type="RUNNING", start_time="2026-10-31T23:59:00Z", end_time=None)
    runs = Store.from_dataset(data, now=NOW).query("flow_runs/filter", {})
    assert runs[0]["estimated_run_time"] == 60.0
    assert runs[0]["flow_id"] == FLOW
