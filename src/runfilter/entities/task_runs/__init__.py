"""Task runs (table ``task_run``): the record kind, declared once."""

from ...schema import Kind, UniqueKey
from ..runs.states import export_state
from .load import load_task_runs
from .record import TaskRun

KIND = Kind(
    "task_runs",
    "task run",
    TaskRun,
    unique=UniqueKey(("flow_run_id", "task_key", "dynamic_key"), "dynamic_key", "(flow_run_id, task_key, dynamic_key)"),
    inputs=frozenset({"state", "states", "state_id"}),
    ignored=frozenset({"estimated_run_time", "estimated_start_time_delta"}),
    export_extras=export_state,
    load=load_task_runs,
)

__all__ = ["KIND", "TaskRun"]
