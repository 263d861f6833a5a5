"""Raw HTTP requests, byte for byte, to Prefect 3.9.1's app and to runfilter's: same status, headers, JSON.

These are the requests a JSON body decoder gets wrong: malformed, empty or
undecodable bodies, odd content types, paths with stray slashes or encoded
characters, wrong methods, and the static routes runfilter answers itself.
Deliberate differences are left out: oversized bodies (runfilter answers
413) and Prefect routes runfilter does not serve (501 before the body is read).
"""

from __future__ import annotations

import httpx
import pytest

from runfilter import Store
from runfilter.transport import RunfilterTransport

pytestmark = pytest.mark.oracle

NOW = "2026-10-28T00:00:00Z"  # the oracle's frozen clock (runfilter.synthetic.NOW)
FLOW_A = "6f1d2a8e-8d5c-4b7a-9d1e-0c3f5a7b9e11"
DATASET = {
    "flows": [{"id": FLOW_A, "name": "a", "created": NOW}, {"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "name": "b"}],
    "work_pools": [{"id": "2b4e28ba-2fa1-11d2-883f-0016d3cca427", "name": "a b", "type": "process", "created": NOW}],
    "work_queues": [
        {"id": "3b4e28ba-2fa1-11d2-883f-0016d3cca427", "name": "q1", "work_pool_name": "a b", "created": NOW}
    ],
    "deployments": [
        {"id": "4b4e28ba-2fa1-11d2-883f-0016d3cca427", "name": "nightly", "flow_id": FLOW_A, "created": NOW}
    ],
    "flow_runs": [
        {
            "id": "5b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "name": "run",
            "flow_id": FLOW_A,
            "deployment_id": "4b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "state_type": "COMPLETED",
            "start_time": NOW,
            "end_time": NOW,
            "created": NOW,
        }
    ],
    "task_runs": [
        {
            "id": "6b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "name": "task",
            "flow_run_id": "5b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "state_type": "COMPLETED",
            "created": NOW,
        }
    ],
}
RUN, TASK, DEPLOYMENT = (
    "5b4e28ba-2fa1-11d2-883f-0016d3cca427",
    "6b4e28ba-2fa1-11d2-883f-0016d3cca427",
    "4b4e28ba-2fa1-11d2-883f-0016d3cca427",
)
MISSING = "00000000-0000-4000-8000-000000000000"
JSON = {"content-type": "application/json"}

CASES = [
    ("malformed", "POST", "/flow_runs/filter", b'{"limit": ', JSON),
    ("bad token", "POST", "/flow_runs/count", b'{"flows": {]}', JSON),
    ("trailing data", "POST", "/flow_runs/count", b"{} x", JSON),
    ("whitespace only", "POST", "/flows/count", b"   ", JSON),
    ("empty json", "POST", "/flow_runs/filter", b"", JSON),
    ("empty no type", "POST", "/flows/count", b"", {}),
    ("no type parsed", "POST", "/flows/filter", b'{"limit": "x"}', {}),
    ("no type malformed", "POST", "/flows/filter", b"{bad", {}),
    ("empty type", "POST", "/flows/filter", b'{"limit": "x"}', {"content-type": ""}),
    ("text/plain", "POST", "/flows/filter", b'{"limit": "x"}', {"content-type": "text/plain"}),
    ("text/plain history", "POST", "/flow_runs/history", b"{}", {"content-type": "text/plain"}),
    ("text/plain latin-1 history", "POST", "/flow_runs/history", b"\xe9", {"content-type": "text/plain"}),
    ("garbage type", "POST", "/flows/filter", b'{"limit": "x"}', {"content-type": "!!!"}),
    ("form", "POST", "/flows/filter", b"a=1", {"content-type": "application/x-www-form-urlencoded"}),
    ("upper type", "POST", "/flows/filter", b'{"limit": "x"}', {"content-type": "APPLICATION/JSON"}),
    ("charset", "POST", "/flows/filter", b'{"limit": "x"}', {"content-type": "application/json; charset=latin-1"}),
    ("+json", "POST", "/flows/filter", b'{"limit": "x"}', {"content-type": "application/problem+json"}),
    ("null", "POST", "/flows/filter", b"null", JSON),
    ("null history", "POST", "/flow_runs/history", b"null", JSON),
    ("array", "POST", "/flows/filter", b"[]", JSON),
    ("not utf-8", "POST", "/flows/count", b'{"flows": "\xff"}', JSON),
    ("utf-16", "POST", "/flows/count", '{"limit": 3}'.encode("utf-16"), JSON),
    ("bom", "POST", "/flows/count", b"\xef\xbb\xbf{}", JSON),
    ("NaN", "POST", "/flows/filter", b'{"limit": NaN}', JSON),
    ("Infinity", "POST", "/flows/filter", b'{"limit": Infinity}', JSON),
    ("NaN in list", "POST", "/flows/count", b'{"flows": {"name": {"any_": [NaN]}}}', JSON),
    ("too deep", "POST", "/flows/count", b"[" * 100_000 + b"]" * 100_000, JSON),
    ("huge integer", "POST", "/flows/filter", b'{"limit": 1' + b"0" * 5000 + b"}", JSON),
    ("unknown path", "POST", "/nope", b"{bad", JSON),
    ("GET a POST route", "GET", "/flows/filter", b"", {}),
    ("GET a POST route with bad json", "GET", "/flows/count", b"{bad", JSON),
    ("POST a GET route", "POST", "/health", b"", {}),
    ("POST an id route", "POST", f"/flows/{FLOW_A}", b"{}", JSON),
    ("HEAD", "HEAD", "/health", b"", {}),
    ("OPTIONS", "OPTIONS", "/flows/count", b"", {}),
    ("health", "GET", "/health", b"", {}),
    ("health with query", "GET", "/health?x=1", b"", {}),
    ("version", "GET", "/version", b"{bad", JSON),
    ("admin version", "GET", "/admin/version", b"", {}),
    ("hello", "GET", "/hello", b"", {}),
    ("ready", "GET", "/ready", b"", {}),
    ("csrf", "GET", "/csrf-token?client=abc", b"", {}),
    ("csrf blank client", "GET", "/csrf-token?client=", b"", {}),
    ("csrf no client", "GET", "/csrf-token", b"", {}),
    ("POST csrf", "POST", "/csrf-token?client=a", b"", {}),
    ("extra slash", "POST", "/flows/filter/", b"{}", JSON),
    ("missing slash", "POST", "/flows", b"{}", JSON),
    ("GET extra slash", "GET", "/health/", b"", {}),
    ("query string", "POST", "/flows/count?x=1", b"{}", JSON),
    ("double slash", "POST", "//flows/count", b"{}", JSON),
    ("inner double slash", "POST", "/flows//count", b"{}", JSON),
    ("encoded slash", "POST", "/flows%2Fcount", b"{}", JSON),
    ("pool with space", "POST", "/work_pools/a%20b/queues/filter", b"{}", JSON),
    ("pool with encoded slash", "POST", "/work_pools/a%2Fb/queues/filter", b"{}", JSON),
    ("pool with percent", "POST", "/work_pools/a%2541/queues/filter", b"{}", JSON),
    ("flow run by id", "GET", f"/flow_runs/{RUN}", b"", {}),
    ("flow run by upper-case id", "GET", f"/flow_runs/{RUN.upper()}", b"", {}),
    ("flow run id without hyphens", "GET", f"/flow_runs/{RUN.replace('-', '')}", b"", {}),
    ("missing flow run", "GET", f"/flow_runs/{MISSING}", b"", {}),
    ("flow run by id, trailing slash", "GET", f"/flow_runs/{RUN}/", b"", {}),
    ("flow run by id, malformed body", "GET", f"/flow_runs/{RUN}", b"{bad", JSON),
    ("HEAD a flow run", "HEAD", f"/flow_runs/{RUN}", b"", {}),
    ("task run by id", "GET", f"/task_runs/{TASK}", b"", {}),
    ("missing task run", "GET", f"/task_runs/{MISSING}", b"", {}),
    ("flow by id", "GET", f"/flows/{FLOW_A}", b"", {}),
    ("missing flow", "GET", f"/flows/{MISSING}", b"", {}),
    ("flow by name", "GET", "/flows/name/a", b"", {}),
    ("flow by unknown name", "GET", "/flows/name/a%20b", b"", {}),
    ("flow name with encoded slash", "GET", "/flows/name/a%2Fb", b"", {}),
    ("flow by empty name", "GET", "/flows/name/", b"", {}),
    ("deployment by id", "GET", f"/deployments/{DEPLOYMENT}", b"", {}),
    ("missing deployment", "GET", f"/deployments/{MISSING}", b"", {}),
    ("deployment by name", "GET", "/deployments/name/a/nightly", b"", {}),
    ("deployment of another flow", "GET", "/deployments/name/b/nightly", b"", {}),
    ("deployment by unknown name", "GET", "/deployments/name/a/daily", b"", {}),
]
#: Strings SQLite cannot encode: Prefect answers 500 wherever one reaches a filter (a bound SQL parameter).
UNENCODABLE = [
    ("lone surrogate in a filter", "POST", "/flows/filter", b'{"flows": {"name": {"any_": ["\\ud800"]}}}', JSON),
    ("lone surrogate in like_", "POST", "/flow_runs/count", b'{"flow_runs": {"name": {"like_": "\\udfff"}}}', JSON),
    ("lone surrogate in an ignored key", "POST", "/flows/count", b'{"bogus": "\\ud800"}', JSON),
]


@pytest.fixture(scope="module")
def clients(oracle):
    oracle.run(oracle.oracle.load(DATASET))
    transport = httpx.ASGITransport(app=oracle.app, raise_app_exceptions=False)
    prefect = httpx.AsyncClient(transport=transport, base_url="http://testserver/api")
    runfilter = httpx.Client(
        transport=RunfilterTransport(Store.from_dataset(DATASET, now=NOW)), base_url="http://testserver/api"
    )
    yield oracle, prefect, runfilter
    runfilter.close()
    oracle.run(prefect.aclose())


def _comparable(response: httpx.Response) -> dict:
    try:
        payload = response.json()
    except ValueError:
        payload = response.content
    headers = {name: response.headers.get(name) for name in ("content-type", "allow", "location")}
    return {"status": response.status_code, "headers": headers, "body": payload}


ALL_CASES = [pytest.param(*c[1:], id=c[0]) for c in [*CASES, *UNENCODABLE]]


@pytest.mark.parametrize(("method", "path", "body", "headers"), ALL_CASES)
def test_same_answer_as_prefect(clients, method, path, body, headers):
    oracle, prefect, runfilter = clients
    expected = oracle.run(prefect.send(prefect.build_request(method, path, content=body, headers=headers)))
    got = runfilter.send(runfilter.build_request(method, path, content=body, headers=headers))
    assert _comparable(got) == _comparable(expected)
