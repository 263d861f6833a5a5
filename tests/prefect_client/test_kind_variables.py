"""Variables and flow-run inputs through Prefect's own client: runfilter and real Prefect 3.9.1 agree.

The dataset is the corpus' ``k13_variables`` (variables of every JSON type,
tags, tied timestamps; inputs of two runs). Each client method is called on
both servers; the high-level helpers (``Variable.get``, ``prefect.input``'s
``read_flow_run_input`` / ``filter_flow_run_input``) reach runfilter through
``use_store_for_prefect`` and are compared with the client method they wrap,
called on the oracle (docs/semantics.md#variables, #flow-run-inputs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
from both_servers import OpenClients
from prefect.input import filter_flow_run_input, read_flow_run_input
from prefect.variables import Variable

pytestmark = pytest.mark.oracle

DATASET = json.loads((Path(__file__).parents[1] / "conformance" / "datasets" / "k13_variables.json").read_text())
RUN, OTHER_RUN, RUN_WITHOUT_INPUTS = (UUID(run["id"]) for run in DATASET["flow_runs"])
UNKNOWN_RUN = UUID("00000000-0000-4000-8005-0000000000ff")
#: Inputs whose values are JSON (the ``prefect.input`` helpers decode them), by run.
JSON_KEYS = {RUN: ["response", "response-1", "description", "schema"], OTHER_RUN: ["response"]}


class Servers(OpenClients):
    """An async client on the oracle, async and sync clients on runfilter (which also serves ``get_client()``)."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, DATASET, sync=True)

    def expected(self, method: str, **kwargs: Any) -> Any:
        """Prefect's answer to one client call."""
        return self.oracle.run(getattr(self.on_prefect, method)(**kwargs))

    def both_runfilter(self, method: str, **kwargs: Any) -> tuple[Any, Any]:
        """runfilter's answers to one client call, async and sync."""
        return self.oracle.run(getattr(self.on_runfilter, method)(**kwargs)), getattr(self.sync_on_runfilter, method)(
            **kwargs
        )


@pytest.fixture(scope="module")
def servers(oracle: Any) -> Any:
    servers = Servers(oracle)
    yield servers
    servers.close()


def _by_id(rows: list[Any]) -> list[Any]:
    # read_variables sorts by name (unique), so the order must match; inputs tie on created: compare by id there
    return sorted(rows, key=lambda row: str(row.id))


@pytest.mark.parametrize("name", [v["name"] for v in DATASET["variables"] if v["name"]] + ["REGION", "nope"])
def test_read_variable_by_name(servers: Servers, name: str) -> None:
    expected = servers.expected("read_variable_by_name", name=name)
    got_async, got_sync = servers.both_runfilter("read_variable_by_name", name=name)
    assert got_async == got_sync == expected
    assert (expected is None) == (name in ("REGION", "nope"))


@pytest.mark.parametrize("limit", [None, 0, 1, 5, 200])
def test_read_variables(servers: Servers, limit: int | None) -> None:
    expected = servers.expected("read_variables", limit=limit)
    got_async, got_sync = servers.both_runfilter("read_variables", limit=limit)
    assert got_async == got_sync == expected
    assert [v.name for v in expected] == sorted(v.name for v in expected)


@pytest.mark.parametrize("name", ["region", "region_eu", "region-eu", "z9", "big-int", "list-empty", "nope"])
def test_variable_get_reads_what_prefect_holds(servers: Servers, name: str) -> None:
    found = servers.expected("read_variable_by_name", name=name)
    default = {"default": True}
    assert Variable.get(name, default=default) == (default if found is None else found.value)


@pytest.mark.parametrize(
    ("run", "prefix", "limit", "exclude"),
    [
        (RUN, "", 1, set()),
        (RUN, "", 20, set()),
        (RUN, "response", 10, {"response"}),
        (RUN, "RESP", 10, set()),
        (RUN, "r_s", 10, {"nope"}),
        (RUN, "", -1, {""}),
        (RUN, "", 0, set()),
        (OTHER_RUN, "res", 5, set()),
        (RUN_WITHOUT_INPUTS, "", 5, set()),
        (UNKNOWN_RUN, "", 5, set()),
    ],
    ids=["oldest", "all", "exclude", "case-folded", "wildcard", "no-limit", "limit-0", "other-run", "none", "unknown"],
)
def test_filter_flow_run_input(servers: Servers, run: UUID, prefix: str, limit: int, exclude: set[str]) -> None:
    kwargs = {"flow_run_id": run, "key_prefix": prefix, "limit": limit, "exclude_keys": exclude}
    expected = servers.expected("filter_flow_run_input", **kwargs)
    got_async, got_sync = servers.both_runfilter("filter_flow_run_input", **kwargs)
    assert _by_id(got_async) == _by_id(got_sync) == _by_id(expected)
    assert [i.created for i in got_async] == [i.created for i in expected]
    helper = filter_flow_run_input(key_prefix=prefix, limit=limit, exclude_keys=exclude, flow_run_id=run)
    assert _by_id(helper) == _by_id(expected)


@pytest.mark.parametrize(
    ("run", "key"),
    [(run, key) for run, keys in JSON_KEYS.items() for key in keys]
    + [(RUN, "response-2"), (RUN, "a"), (RUN, "r3"), (RUN, ""), (RUN, "RESPONSE"), (UNKNOWN_RUN, "response")],
)
def test_read_flow_run_input(servers: Servers, run: UUID, key: str) -> None:
    def outcome(call: Any) -> Any:
        # the value's text, or the HTTP status the client raised
        try:
            return call()
        except httpx.HTTPStatusError as exc:
            return exc.response.status_code

    expected = outcome(lambda: servers.expected("read_flow_run_input", flow_run_id=run, key=key))
    got_async = outcome(lambda: servers.oracle.run(servers.on_runfilter.read_flow_run_input(flow_run_id=run, key=key)))
    got_sync = outcome(lambda: servers.sync_on_runfilter.read_flow_run_input(flow_run_id=run, key=key))
    assert got_async == got_sync == expected
    if key in JSON_KEYS.get(run, ()):
        assert read_flow_run_input(key=key, flow_run_id=run) == json.loads(expected)
    elif expected == 404:
        assert read_flow_run_input(key=key, flow_run_id=run) is None
