"""The concurrency limit record (Prefect's table ``concurrency_limit_v2``): every limit 3.9.1 holds.

Prefect 3.9.1 keeps all its concurrency limits in this one table
(docs/semantics.md#concurrency-limits): the global (v2) limits, the tag
limits of the v1 API (rows named ``tag:<tag>``) and the limit it creates for
each deployment with a ``concurrency_limit`` (named ``deployment:<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import codecs
from ...codecs import Codec
from ...schema import CASCADE, LOOKUP, ORDERED, Ref, column


def _rate(value: Any) -> float:
    """A non-negative number of slots per second (an integer reads as its float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"expected a non-negative number, got {value!r}")
    return float(value)


#: Rates and durations in seconds (``slot_decay_per_second``, ``avg_slot_occupancy_seconds``).
SECONDS = Codec("non-negative number", _rate)
#: Slot counters (``active_slots``, ``denied_slots``).
SLOTS = Codec("slot count", lambda value: codecs.optional_int(value, 0))


@dataclass(slots=True, eq=False)
class ConcurrencyLimitV2:
    """One row of ``concurrency_limit_v2``; its dataset columns are a ``global_concurrency_limits`` item's."""

    id: str = column(codecs.ID)
    seq: int = column()
    #: unique across every limit (``tag:<tag>``, ``deployment:<id>`` or any other name)
    name: str = column(codecs.NAME, required=True, index=LOOKUP | ORDERED)
    limit: int = column(codecs.INT, required=True)
    active: bool = column(codecs.FLAG, default=True)
    #: as stored; responses of the v2 routes decay it (docs/semantics.md#concurrency-limits)
    active_slots: int = column(SLOTS, default=0)
    denied_slots: int = column(SLOTS, default=0)
    slot_decay_per_second: float = column(SECONDS, default=0.0)
    avg_slot_occupancy_seconds: float = column(SECONDS, default=2.0)
    #: the deployment whose ``concurrency_limit`` made this row (loader-derived, not a Prefect column):
    #: deleting the deployment deletes its limit, as Prefect's ``delete_deployment`` does
    deployment_id: str | None = column(ref=Ref("deployments", CASCADE, role="owner"), index=LOOKUP)
    created: int = column(codecs.TIME)
    updated: int = column(codecs.TIME)
