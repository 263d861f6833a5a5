"""Flow-run inputs (table ``flow_run_input``): the record kind, declared once (docs/semantics.md#flow-run-inputs)."""

from ...schema import Kind, UniqueKey
from .record import FlowRunInput

KIND = Kind(
    "flow_run_inputs",
    "flow run input",
    FlowRunInput,
    unique=UniqueKey(("flow_run_id", "key"), "key", "input key of this flow run"),
)

__all__ = ["KIND", "FlowRunInput"]
