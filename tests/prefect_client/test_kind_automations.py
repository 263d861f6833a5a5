"""Prefect's client reads automations from runfilter and from a real Prefect 3.9.1 holding the same dataset.

``read_automations`` (filters, sorts, pages), ``read_automation``,
``read_automations_by_name``, ``find_automation`` and
``read_resource_related_automations`` must return equal client models
(triggers' ``expect``/``after``/``for_each`` are sets there, so their printed
order does not matter: docs/semantics.md#automations). Rows tying on the sort
key, and the related-to list (no ORDER BY in Prefect), are compared as sets.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import prefect.exceptions
import pytest
from both_servers import OpenClients
from prefect.client.orchestration import PrefectClient
from prefect.client.schemas.sorting import AutomationSort
from prefect.events import filters as ef

from runfilter.synthetic import NOW

pytestmark = pytest.mark.oracle

DATASET = json.loads(
    (Path(__file__).resolve().parents[1] / "conformance" / "datasets" / "k13_automations.json").read_text()
)
IDS = [item["id"] for item in DATASET["automations"]]
DEPLOYMENT_1 = "prefect.deployment.00000000-0000-0000-0000-0000000d0001"


class Servers(OpenClients):
    """Async clients on the oracle and on runfilter, both open."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, DATASET)

    def call(self, method: str, **kwargs: Any) -> tuple[Any, Any]:
        """``(prefect's answer, runfilter's answer)`` to one client call; an HTTP error as its status code."""

        def answer(client: PrefectClient) -> Any:
            try:
                return self.oracle.run(getattr(client, method)(**kwargs))
            except prefect.exceptions.PrefectHTTPStatusError as error:
                return ("HTTP error", error.response.status_code, error.response.json())

        return answer(self.on_prefect), answer(self.on_runfilter)

    def stamps(self) -> dict[Any, tuple[str, str]]:
        """Each automation's ``created`` and ``updated`` as Prefect prints them (the client models have neither)."""
        rows = self.oracle.run(self.on_prefect._client.post("/automations/filter", json={})).json()
        return {UUID(row["id"]): (row["created"], row["updated"]) for row in rows}


@pytest.fixture(scope="module")
def servers(oracle: Any) -> Any:
    servers = Servers(oracle)
    yield servers
    servers.close()


def _sort_value(servers: Servers, sort: Any) -> Any:
    """What `sort` orders by, per client model (``created``/``updated`` read off Prefect's own JSON)."""
    name = (sort or AutomationSort.NAME_ASC).value
    if name.startswith("NAME"):
        return lambda automation: automation.name
    stamps, which = servers.stamps(), 0 if name.startswith("CREATED") else 1
    return lambda automation: dt.datetime.fromisoformat(stamps[automation.id][which])


def assert_same_rows(expected: list[Any], actual: list[Any], key: Any) -> None:
    """Equal rows in equal order, except that rows tying on `key` may come in any order."""
    assert [key(a) for a in actual] == [key(a) for a in expected]
    for value in {key(a) for a in expected}:
        group = sorted((a for a in expected if key(a) == value), key=lambda a: a.id)
        assert sorted((a for a in actual if key(a) == value), key=lambda a: a.id) == group


READ_CASES = [
    {},
    {"sort": AutomationSort.CREATED_DESC},
    {"sort": AutomationSort.UPDATED_DESC, "limit": 3},
    {"sort": AutomationSort.NAME_DESC, "offset": 2, "limit": 4},
    {"automations": ef.AutomationFilter(name=ef.AutomationFilterName(any_=["on failure", "beta"]))},
    {"automations": ef.AutomationFilter(id=ef.AutomationFilterId(any_=[UUID(IDS[0]), UUID(IDS[4])]))},
    {"automations": ef.AutomationFilter(tags=ef.AutomationFilterTags(all_=["ops"], is_null_=False))},
    {"automations": ef.AutomationFilter(tags=ef.AutomationFilterTags(any_=["x", "alerts"]))},
    {"automations": ef.AutomationFilter(tags=ef.AutomationFilterTags(is_null_=True))},
    {"automations": ef.AutomationFilter(created=ef.AutomationFilterCreated(before_=NOW.replace(year=2026, month=2)))},
    {
        "automations": ef.AutomationFilter(
            name=ef.AutomationFilterName(any_=["on failure", "Alpha"]), tags=ef.AutomationFilterTags(all_=["ops"])
        ),
        "sort": AutomationSort.CREATED_DESC,
    },
]


@pytest.mark.parametrize("kwargs", READ_CASES, ids=[str(i) for i in range(len(READ_CASES))])
def test_read_automations(servers: Servers, kwargs: dict[str, Any]) -> None:
    expected, got = servers.call("read_automations", **kwargs)
    assert expected, "a case that selects nothing proves little"
    assert_same_rows(expected, got, _sort_value(servers, kwargs.get("sort")))


@pytest.mark.parametrize("automation_id", [*IDS, "00000000-0000-0000-0000-0000000a0099"])
def test_read_automation(servers: Servers, automation_id: str) -> None:
    expected, got = servers.call("read_automation", automation_id=UUID(automation_id))
    assert got == expected
    if automation_id.endswith("99"):  # Prefect's client raises on the 404 before it could answer None
        assert expected == ("HTTP error", 404, {"exception_message": "Automation not found"})


@pytest.mark.parametrize("name", ["on failure", "", "über", "missing"])
def test_read_automations_by_name(servers: Servers, name: str) -> None:
    expected, got = servers.call("read_automations_by_name", name=name)
    assert_same_rows(expected, got, _sort_value(servers, AutomationSort.UPDATED_DESC))


@pytest.mark.parametrize("id_or_name", [IDS[2], "Zeta", "on failure", "nothing"])
def test_find_automation(servers: Servers, id_or_name: str) -> None:
    expected, got = servers.call("find_automation", id_or_name=id_or_name)
    if id_or_name == "on failure":  # two share the name: Prefect's client picks one, in an order SQLite leaves open
        assert got is not None and got.name == expected.name
    else:
        assert got == expected


@pytest.mark.parametrize(
    "resource_id",
    [DEPLOYMENT_1, "prefect.deployment.00000000-0000-0000-0000-0000000d0002", "prefect.flow.xyz", "prefect.flow.none"],
)
def test_read_resource_related_automations(servers: Servers, resource_id: str) -> None:
    expected, got = servers.call("read_resource_related_automations", resource_id=resource_id)
    assert sorted(got, key=lambda a: a.id) == sorted(expected, key=lambda a: a.id)
    assert bool(expected) == (resource_id != "prefect.flow.none")
