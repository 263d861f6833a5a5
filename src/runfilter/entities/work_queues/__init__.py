"""Work queues (table ``work_queue``): the record kind, declared once."""

from ...schema import Kind, UniqueKey
from .load import load_queues
from .record import WorkQueue

KIND = Kind(
    "work_queues",
    "work queue",
    WorkQueue,
    unique=UniqueKey(("work_pool_id", "name"), "name", "queue name in this pool"),
    # a queue may name its pool instead of giving its id
    inputs=frozenset({"work_pool_name"}),
    ignored=frozenset({"active_slots"}),
    load=load_queues,
)

__all__ = ["KIND", "WorkQueue"]
