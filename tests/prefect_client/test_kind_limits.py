"""The client reads concurrency limits from runfilter as from Prefect 3.9.1 (docs/semantics.md#concurrency-limits).

The same dataset (tag limits, global limits with slots and decay, deployments
with a limit) is loaded into the oracle (real Prefect server code, frozen at
:data:`runfilter.synthetic.NOW`) and into a runfilter store at the same
instant; ``read_concurrency_limits``, ``read_concurrency_limit_by_tag``,
``read_global_concurrency_limits`` and ``read_global_concurrency_limit_by_name``
must return equal objects, and the same ``ObjectNotFound`` for a miss.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import prefect.exceptions
import pytest
from both_servers import OpenClients

from runfilter.synthetic import NOW

pytestmark = pytest.mark.oracle

FLOW, DEP = "00000000-0000-4000-8c0f-000000000001", "00000000-0000-4000-8c0d-000000000001"


def _at(seconds: float) -> str:
    return (NOW + dt.timedelta(seconds=seconds)).isoformat()


DATASET: dict[str, Any] = {
    "flows": [{"id": FLOW, "name": "limited", "created": _at(-86400)}],
    "deployments": [
        {"id": DEP, "name": "capped", "flow_id": FLOW, "concurrency_limit": 2, "created": _at(-3600)},
        {"name": "free", "flow_id": FLOW, "id": "00000000-0000-4000-8c0d-000000000002", "created": _at(-3600)},
    ],
    "concurrency_limits": [
        {"id": "00000000-0000-4000-8c01-000000000001", "tag": "db", "concurrency_limit": 3, "created": _at(-60)},
        {"id": "00000000-0000-4000-8c01-000000000002", "tag": "my tag", "concurrency_limit": 0, "created": _at(-60)},
    ],
    "global_concurrency_limits": [
        {"id": "00000000-0000-4000-8c02-000000000001", "name": "api", "limit": 5, "created": _at(-60)},
        {
            "id": "00000000-0000-4000-8c02-000000000002",
            "name": "rate",
            "limit": 10,
            "active_slots": 10,
            "slot_decay_per_second": 0.1,
            "created": _at(-60),
        },
        {"id": "00000000-0000-4000-8c02-000000000003", "name": "Alpha", "limit": 1, "active": False, "created": _at(0)},
        {"id": "00000000-0000-4000-8c02-000000000004", "name": "tag:from-v2", "limit": 4, "created": _at(-5)},
    ],
}


class Clients(OpenClients):
    """A client on the oracle and one on runfilter (async), both open, holding :data:`DATASET`."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, DATASET)

    def both(self, method: str, **kwargs: Any) -> tuple[Any, Any]:
        """``(prefect's answer, runfilter's answer)``: the value, or the exception class raised."""
        out = []
        for client in (self.on_prefect, self.on_runfilter):
            try:
                out.append(self.oracle.run(getattr(client, method)(**kwargs)))
            except prefect.exceptions.PrefectException as exc:
                out.append(type(exc))
        return out[0], out[1]


@pytest.fixture(scope="module")
def clients(oracle: Any) -> Iterator[Clients]:
    opened = Clients(oracle)
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize(("limit", "offset"), [(200, 0), (3, 0), (4, 1), (10, 2), (0, 0), (5, 50)])
def test_read_concurrency_limits(clients: Clients, limit: int, offset: int) -> None:
    expected, got = clients.both("read_concurrency_limits", limit=limit, offset=offset)
    assert got == expected


def test_read_concurrency_limits_sees_tag_rows_of_both_lists(clients: Clients) -> None:
    expected, got = clients.both("read_concurrency_limits", limit=200, offset=0)
    assert [limit.tag for limit in got] == ["db", "from-v2", "my tag"]
    assert got == expected


@pytest.mark.parametrize("tag", ["db", "my tag", "from-v2", "DB", "api", "nope"])
def test_read_concurrency_limit_by_tag(clients: Clients, tag: str) -> None:
    expected, got = clients.both("read_concurrency_limit_by_tag", tag=tag)
    assert got == expected


@pytest.mark.parametrize(("limit", "offset"), [(10, 0), (200, 0), (2, 1), (3, 6), (1, 100)])
def test_read_global_concurrency_limits(clients: Clients, limit: int, offset: int) -> None:
    expected, got = clients.both("read_global_concurrency_limits", limit=limit, offset=offset)
    assert got == expected


def test_global_limits_decay_and_include_the_deployments(clients: Clients) -> None:
    _, got = clients.both("read_global_concurrency_limits", limit=200, offset=0)
    by_name = {limit.name: limit for limit in got}
    # 60 s at 0.1 slot/s, on SQLite's Julian-day arithmetic: 5 slots gone, not 6
    assert by_name["rate"].active_slots == 5
    assert by_name[f"deployment:{DEP}"].limit == 2


@pytest.mark.parametrize("name", ["api", "rate", "Alpha", "alpha", "tag:db", f"deployment:{DEP}", "nope"])
def test_read_global_concurrency_limit_by_name(clients: Clients, name: str) -> None:
    expected, got = clients.both("read_global_concurrency_limit_by_name", name=name)
    assert got == expected


def test_a_deployments_limit_is_the_row_the_v2_routes_read(clients: Clients) -> None:
    expected, got = clients.both("read_deployment", deployment_id=DEP)
    assert got == expected
    _, limit = clients.both("read_global_concurrency_limit_by_name", name=f"deployment:{DEP}")
    assert got.global_concurrency_limit == limit
