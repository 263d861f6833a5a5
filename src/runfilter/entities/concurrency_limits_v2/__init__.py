"""Concurrency limits (Prefect's table ``concurrency_limit_v2``): the record kind, declared once.

One table for every limit Prefect 3.9.1 holds, loaded from two dataset lists
(``concurrency_limits``: v1 tag limits; ``global_concurrency_limits``: v2
limits) and from the deployments' ``concurrency_limit``
(docs/semantics.md#concurrency-limits).
"""

from typing import Any

from ...schema import Kind, UniqueKey
from .load import DEPLOYMENT_PREFIX, TAG_PREFIX, V1, V2, load_limits
from .record import ConcurrencyLimitV2


def _as_tag_limit(limit: ConcurrencyLimitV2) -> dict[str, Any] | None:
    """A ``tag:`` row as the v1 item that loads into it, if one does (what a v1 item leaves at its defaults)."""
    plain = (
        limit.active
        and not limit.active_slots
        and not limit.denied_slots
        and limit.slot_decay_per_second == 0.0
        and limit.avg_slot_occupancy_seconds == 2.0
    )
    if not (plain and limit.name.startswith(TAG_PREFIX)):
        return None
    exported = KIND.export(limit)
    return {
        "id": limit.id,
        "tag": limit.name[len(TAG_PREFIX) :],
        "concurrency_limit": limit.limit,
        "created": exported["created"],
        "updated": exported["updated"],
    }


def _dump(limits: list[ConcurrencyLimitV2]) -> dict[str, list[dict[str, Any]]]:
    """The two lists: a plain ``tag:`` row as a v1 item, any other as a v2 item; a deployment's limit
    is written by its deployment (its ``concurrency_limit``), not here."""
    out: dict[str, list[dict[str, Any]]] = {V1: [], V2: []}
    for limit in limits:
        if limit.deployment_id is not None:
            continue
        tag_limit = _as_tag_limit(limit)
        if tag_limit is not None:
            out[V1].append(tag_limit)
        else:
            out[V2].append(KIND.export(limit))
    return out


KIND = Kind(
    "concurrency_limits_v2",
    "concurrency limit",
    ConcurrencyLimitV2,
    unique=UniqueKey(("name",), "name", "concurrency limit name"),
    load=load_limits,
    lists=(V1, V2),
    dump=_dump,
)

__all__ = ["DEPLOYMENT_PREFIX", "KIND", "TAG_PREFIX", "ConcurrencyLimitV2"]
