"""Concurrency limits as Prefect 3.9.1 returns them: v2 ``GlobalConcurrencyLimitResponse``, v1 ``ConcurrencyLimit``."""

from __future__ import annotations

import math
from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from .load import TAG_PREFIX
from .record import ConcurrencyLimitV2


def global_limit(limit: ConcurrencyLimitV2, active_slots: int | None = None) -> dict[str, Any]:
    """A ``GlobalConcurrencyLimitResponse``: the stored ``active_slots`` unless given (as a deployment nests it)."""
    return {
        "id": limit.id,
        "created": format_ts(limit.created),
        "updated": format_ts(limit.updated),
        "active": limit.active,
        "name": limit.name,
        "limit": limit.limit,
        "active_slots": limit.active_slots if active_slots is None else active_slots,
        "slot_decay_per_second": limit.slot_decay_per_second,
    }


def slots_after_decay(ctx: Context, limit: ConcurrencyLimitV2) -> int:
    """``active_slots`` less ``floor(slot_decay_per_second × (now − updated))``, at least 0.

    Prefect computes it in SQL; the seconds elapsed and the product are the
    database's arithmetic (SQLite: Julian days, so 0.1/s over 60 s decays 5
    slots, not 6). An ``updated`` later than now makes the product negative
    and *adds* slots, as Prefect's formula does. Pinned by
    ``k13_limits_decay.json`` (docs/semantics.md#concurrency-limits).
    """
    if limit.slot_decay_per_second == 0.0:  # no decay whatever the clock
        return limit.active_slots
    decayed = ctx.engine.dialect.dates.scaled_diff_seconds(limit.slot_decay_per_second, ctx.now, limit.updated)
    return int(max(0, limit.active_slots - math.floor(decayed)))


def decayed_limit(ctx: Context, limit: ConcurrencyLimitV2) -> dict[str, Any]:
    """A v2 route's answer for one limit: its slots decayed at the request's clock."""
    return global_limit(limit, slots_after_decay(ctx, limit))


def tag_limit(ctx: Context, limit: ConcurrencyLimitV2) -> dict[str, Any]:
    """A ``tag:`` row as the v1 routes answer it (``ConcurrencyLimit``): no slot holders in the database."""
    return {
        "id": limit.id,
        "created": format_ts(limit.created),
        "updated": format_ts(limit.updated),
        "tag": limit.name[len(TAG_PREFIX) :],
        "concurrency_limit": limit.limit,
        "active_slots": [],
    }
