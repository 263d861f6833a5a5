"""Workers (table ``worker``): the record kind, declared once (docs/semantics.md#workers)."""

from ...schema import Kind, UniqueKey
from .load import load_workers
from .record import Worker

KIND = Kind(
    "workers",
    "worker",
    Worker,
    unique=UniqueKey(("work_pool_id", "name"), "name", "worker name in this pool"),
    # a worker may name its pool instead of giving its id
    inputs=frozenset({"work_pool_name"}),
    load=load_workers,
)

__all__ = ["KIND", "Worker"]
