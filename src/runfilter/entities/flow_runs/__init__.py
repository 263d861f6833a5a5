"""Flow runs (table ``flow_run``): the record kind, declared once."""

from ...schema import ORDERED, Kind, UniqueKey
from ..runs.states import export_state
from .load import load_flow_runs
from .record import FlowRun, start_or_expected

KIND = Kind(
    "flow_runs",
    "flow run",
    FlowRun,
    unique=UniqueKey(("flow_id", "idempotency_key"), "idempotency_key", "(flow_id, idempotency_key)"),
    inputs=frozenset({"state", "states", "state_id", "infrastructure_document_id"}),
    ignored=frozenset({"estimated_run_time", "estimated_start_time_delta", "work_pool_id", "work_pool_name"}),
    computed={"start_or_expected": start_or_expected},
    computed_index={"start_or_expected": ORDERED},
    export_extras=export_state,
    load=load_flow_runs,
)

__all__ = ["KIND", "FlowRun"]
