"""Work pools (table ``work_pool``): the record kind, declared once."""

from ...schema import Kind, UniqueKey
from .load import finish_pools
from .record import WorkPool

KIND = Kind(
    "work_pools",
    "work pool",
    WorkPool,
    unique=UniqueKey(("name",), "name", "work pool name"),
    ignored=frozenset({"active_slots"}),
    finish=finish_pools,
    # default queues need the queues, statuses the workers (loaded right after the queues)
    finish_after="workers",
)

__all__ = ["KIND", "WorkPool"]
