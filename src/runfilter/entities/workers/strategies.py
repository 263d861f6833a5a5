"""Hypothesis strategies for workers: records around the foreman's horizon, and the shape of a ``workers`` filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import NOW, extras, instants, iso, record_id

#: Worker names (repeated across pools; unique within one).
NAMES = ("worker-1", "worker-2", "Worker-1", "process-ab12")
#: How long before the data's clock (:data:`runfilter.strategies.NOW`) a heartbeat came, in seconds:
#: around the 90 s horizon of the default interval and the 30 s of a 10 s one, exactly on them too.
_AGES_S = (0, 1, 29.999999, 30, 30.000001, 60, 89.999999, 90, 90.000001, 3600, 86400)
#: Fields no filter reads but every response prints.
EXTRAS = {"updated": st.sampled_from((None, "2026-10-03T00:00:00Z"))}
#: The ``workers`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "last_heartbeat_time": (False, {"before_": "time", "after_": "time"}),
        "status": (False, {"any_": "worker_statuses", "not_any_": "worker_statuses"}),
    },
)


def heartbeat_instants(item: dict[str, Any]) -> list[dt.datetime]:
    """The heartbeat of a worker item (the ``time`` operands a filter draws)."""
    value = item.get("last_heartbeat_time") or item.get("created")
    return [dt.datetime.fromisoformat(value)] if isinstance(value, str) else []


#: Operand roles worker items feed, and the pools that stand in without a dataset.
VOCABULARY = {"instants": heartbeat_instants, "worker_statuses": lambda item: ["ONLINE", "OFFLINE"]}
POOLS = {"worker_statuses": ("ONLINE", "OFFLINE")}


@st.composite
def workers(draw: st.DrawFn, pool: dict[str, Any], index: int = 0, name: str | None = None) -> dict[str, Any]:
    """One worker item of `pool` (by id or by name); its heartbeat near :data:`NOW`, interval and status
    sometimes left to the loader. Shrinks toward a worker of the default interval that just heartbeated."""
    age = dt.timedelta(seconds=draw(st.sampled_from(_AGES_S)))
    item: dict[str, Any] = {
        "id": record_id("workers", index, draw(st.integers(0, 2**16))),
        "name": name or draw(st.sampled_from(NAMES)),
        "last_heartbeat_time": iso(NOW - age),
        "heartbeat_interval_seconds": draw(st.sampled_from((None, 10, 30, 0, 60))),
        "status": draw(st.sampled_from((None, None, "ONLINE", "OFFLINE"))),
        "created": iso(draw(instants())),
        **draw(extras(EXTRAS)),
    }
    if draw(st.booleans()):
        item["work_pool_id"] = pool["id"]
    else:
        item["work_pool_name"] = pool["name"]
    return item
