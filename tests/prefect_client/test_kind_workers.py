"""Prefect's client reads a pool's workers and the pool itself, from real Prefect 3.9.1 and from runfilter.

``read_workers_for_work_pool`` (every ``WorkerFilter`` field, paging, an
unknown pool) and ``read_work_pool`` / ``read_work_pools`` (whose status the
workers decide) must return equal objects on both servers, the stored
worker statuses derived by both loaders at the same clock
(docs/semantics.md#workers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import prefect.exceptions
import pytest
from both_servers import OpenClients
from prefect.client.schemas import filters as f

from runfilter.synthetic import NOW, iso

pytestmark = pytest.mark.oracle

S = dt.timedelta(seconds=1)


def _id(kind: int, n: int) -> str:
    return f"00000000-0000-4000-8000-{kind:04d}{n:08d}"


def _dataset() -> dict[str, Any]:
    created = iso(NOW - dt.timedelta(days=7))
    pools = [
        {"id": _id(1, n), "name": name, "type": "process", "created": created, **extra}
        for n, (name, extra) in enumerate(
            [("pool", {}), ("idle", {}), ("pinned", {"status": "NOT_READY"}), ("paused", {"status": "PAUSED"})]
        )
    ]
    # (pool index, name, heartbeat age, interval, given status): every heartbeat distinct, so no ties
    workers = [
        (0, "fresh", 1 * S, None, None),
        (0, "at-horizon", 90 * S, None, None),
        (0, "past-horizon", 90 * S + dt.timedelta(microseconds=1), None, None),
        (0, "zero-interval", 2 * S, 0, None),
        (0, "ten-at-horizon", 30 * S, 10, None),
        (0, "ten-past-horizon", 31 * S, 10, None),
        (0, "pinned-online", dt.timedelta(days=3), None, "ONLINE"),
        (0, "pinned-offline", 3 * S, None, "OFFLINE"),
        (0, "old", dt.timedelta(hours=5), 60, None),
        (1, "fresh", dt.timedelta(hours=1), None, None),
        (2, "fresh", 1 * S, None, None),
        (3, "fresh", 1 * S, None, None),
    ]
    items = []
    for n, (pool, name, age, interval, status) in enumerate(workers):
        item = {"id": _id(2, n), "name": name, "work_pool_name": pools[pool]["name"], "created": created}
        item["last_heartbeat_time"] = iso(NOW - age)
        if interval is not None:
            item["heartbeat_interval_seconds"] = interval
        if status is not None:
            item["status"] = status
        items.append(item)
    return {"work_pools": pools, "workers": items}


class Servers(OpenClients):
    """An async client on the oracle, an async and a sync client on runfilter, all open."""

    def __init__(self, oracle: Any) -> None:
        super().__init__(oracle, _dataset(), sync=True)

    def call(self, method: str, **kwargs: Any) -> tuple[Any, Any, Any]:
        """``(prefect's answer, runfilter's async answer, runfilter's sync answer)`` to one client call;
        an error is its type (and for an HTTP error, the status and body)."""
        answers = []
        for client in (self.on_prefect, self.on_runfilter, self.sync_on_runfilter):
            try:
                answer = getattr(client, method)(**kwargs)
                answers.append(answer if client is self.sync_on_runfilter else self.oracle.run(answer))
            except prefect.exceptions.ObjectNotFound as exc:
                answers.append(type(exc))
            except prefect.exceptions.PrefectHTTPStatusError as exc:
                answers.append((type(exc), exc.response.status_code, exc.response.json()))
        return answers[0], answers[1], answers[2]


@pytest.fixture(scope="module")
def servers(oracle: Any) -> Any:
    servers = Servers(oracle)
    yield servers
    servers.close()


WORKER_CASES = [
    {"work_pool_name": "pool"},
    {"work_pool_name": "pool", "worker_filter": f.WorkerFilter(status=f.WorkerFilterStatus(any_=["ONLINE"]))},
    {"work_pool_name": "pool", "worker_filter": f.WorkerFilter(status=f.WorkerFilterStatus(not_any_=["ONLINE"]))},
    {"work_pool_name": "pool", "worker_filter": f.WorkerFilter(status=f.WorkerFilterStatus(any_=[]))},
    {
        "work_pool_name": "pool",
        "worker_filter": f.WorkerFilter(
            last_heartbeat_time=f.WorkerFilterLastHeartbeatTime(after_=NOW - 90 * S, before_=NOW - 2 * S)
        ),
    },
    {
        "work_pool_name": "pool",
        "worker_filter": f.WorkerFilter(
            operator=f.Operator.or_,
            status=f.WorkerFilterStatus(any_=["OFFLINE"]),
            last_heartbeat_time=f.WorkerFilterLastHeartbeatTime(after_=NOW - 30 * S),
        ),
    },
    {"work_pool_name": "pool", "offset": 2, "limit": 3},
    {"work_pool_name": "pool", "offset": 20},
    {"work_pool_name": "pool", "limit": 0},
    {"work_pool_name": "idle"},
    {"work_pool_name": "pinned"},
    {"work_pool_name": "nope"},
]


@pytest.mark.parametrize("kwargs", WORKER_CASES, ids=range(len(WORKER_CASES)))
def test_read_workers_for_work_pool_agrees(servers: Servers, kwargs: dict[str, Any]) -> None:
    expected, got, got_sync = servers.call("read_workers_for_work_pool", **kwargs)
    assert got == got_sync == expected
    if kwargs == {"work_pool_name": "pool"}:
        assert {w.name: w.status for w in got} == {  # the stored status, as both loaders derived it
            "fresh": "ONLINE",
            "at-horizon": "ONLINE",
            "past-horizon": "OFFLINE",
            "zero-interval": "OFFLINE",
            "ten-at-horizon": "ONLINE",
            "ten-past-horizon": "OFFLINE",
            "pinned-online": "ONLINE",
            "pinned-offline": "OFFLINE",
            "old": "OFFLINE",
        }


@pytest.mark.parametrize("name", ["pool", "idle", "pinned", "paused", "nope"])
def test_read_work_pool_agrees(servers: Servers, name: str) -> None:
    expected, got, got_sync = servers.call("read_work_pool", work_pool_name=name)
    assert got == got_sync == expected


def test_read_work_pools_agrees_on_statuses(servers: Servers) -> None:
    expected, got, got_sync = servers.call("read_work_pools")
    assert got == got_sync == expected
    assert {p.name: p.status for p in got} == {
        "pool": "READY",
        "idle": "NOT_READY",
        "pinned": "NOT_READY",
        "paused": "PAUSED",
    }
