"""Task workers: ``POST /task_workers/filter``.

Task workers exist only while they hold a connection to a server, so no
dataset carries them and the list is empty (docs/semantics.md#unheld-kinds).
A pool's workers are records (``entities/workers/``).
"""

from __future__ import annotations

from pydantic import BaseModel

from ..api.params import Params, param
from ..api.route import Route
from ._common import empty_list


class TaskWorkerFilter(BaseModel):
    """The ``task_worker_filter`` body key: task keys (required; unknown keys are ignored)."""

    task_keys: list[str]


#: The task-worker read route.
ROUTES = (
    Route("POST", "/task_workers/filter", empty_list, Params((param("task_worker_filter", TaskWorkerFilter, None),))),
)

__all__ = ["ROUTES", "TaskWorkerFilter"]
