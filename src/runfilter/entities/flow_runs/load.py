"""Loading flow runs: the fast loop over plain items, and the general reader that is its reference.

See :mod:`runfilter.entities.runs.load` for the two readers and
:mod:`runfilter.entities.runs.plain` for what makes an item plain.
"""

from __future__ import annotations

from typing import Any

from ... import codecs
from ...errors import DatasetError
from ...loading.batch import BatchBuilder, Item, random_slug
from ...schema import Kind
from ..runs import load as runs_load
from ..runs import plain
from ..runs.plain import NotPlain, PlainReader
from ..runs.state_history import run_states
from .record import FLOW_RUN_POLICY, FLOW_RUN_POLICY_DEFAULT, FlowRun

#: Fields few datasets give: records start from their defaults, and an item that has
#: any of them gets them read afterwards (one set test instead of a read per field).
_RARE_FIELDS = frozenset(
    {"deployment_version", "parameters", "context", "empirical_policy", "labels", "infrastructure_pid", "job_variables"}
)
_parameters = plain.optional(codecs.json_object, codecs.EMPTY_OBJECT)
_policy = plain.optional(FLOW_RUN_POLICY.read, FLOW_RUN_POLICY_DEFAULT)


def load_flow_runs(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every flow run of the batch into ``b.new["flow_runs"]``."""
    runs_load.load_runs(b, kind, raws, _general_flow_run, read_flow_runs)


def _general_flow_run(b: BatchBuilder, kind: Kind, run_id: str, item: Item) -> FlowRun:
    if item.raw.get("infrastructure_document_id") is not None:
        raise DatasetError(f"{item.where}.infrastructure_document_id", "block documents are not supported")
    v = runs_load.present_run_fields(b, kind, item)
    flow_id = b.check_ref(item, "flow_id", v.get("flow_id"), "flows", required=True)
    queue_id = b.check_ref(item, "work_queue_id", v.get("work_queue_id"), "work_queues")
    queue_name = v.get("work_queue_name")
    if queue_name is None and queue_id is not None:
        queue_name = b.lookup("work_queues", queue_id).name
    state = run_states(item, v, v["created"], run_id)
    key = v.get("idempotency_key")
    if key is not None:
        b.claim_unique(kind.name, (flow_id, key), run_id, item.index)  # type: ignore[arg-type]
    seq, name = b.seq_for(kind.name, run_id), v.get("name") or random_slug(b.rng)
    return runs_load.run_record(
        kind, v, state, id=run_id, seq=seq, name=name, flow_id=flow_id, work_queue_name=queue_name
    )


def read_flow_runs(b: BatchBuilder, kind: Kind, raws: list[Any], general: runs_load.General) -> None:
    """Build every flow-run entry of `raws` into ``b.new["flow_runs"]``, in order; `general` reads the non-plain."""
    r, times, now = PlainReader(), b.times, b.now
    flows, queues = b.new["flows"], b.new["work_queues"]
    stored_flows, stored_queues = b.store.table("flows"), b.store.table("work_queues")

    def read_one(raw: dict[str, Any], get: Any, run_id: str, name: str) -> FlowRun:
        # a reference found among the records is canonical: no UUID check needed
        flow_id = get("flow_id")
        flow = flows.get(flow_id) or stored_flows.get(flow_id)
        queue_id = get("work_queue_id")
        queue = None if queue_id is None else queues.get(queue_id) or stored_queues.get(queue_id)
        if flow is None or (queue_id is not None and queue is None):
            raise NotPlain  # a missing or dangling reference: the general path names it
        queue_name = plain.text(get("work_queue_name"))
        auto_scheduled = get("auto_scheduled")
        if auto_scheduled is not None and type(auto_scheduled) is not bool:
            raise NotPlain
        record = FlowRun(
            *plain.run_head(run_id, name, get, times, now, r),  # id ... updated
            flow.id,  # flow_id
            plain.uuid(get("deployment_id")),  # deployment_id
            None if queue is None else queue.id,  # work_queue_id
            queue_name if queue_name is not None or queue is None else queue.name,  # work_queue_name
            plain.uuid(get("parent_task_run_id")),  # parent_task_run_id
            plain.text(get("flow_version")),  # flow_version
            None,  # deployment_version: a rare field
            plain.text(get("idempotency_key")),  # idempotency_key
            r.created_by(get("created_by")),  # created_by
            bool(auto_scheduled),  # auto_scheduled
            codecs.EMPTY_OBJECT,  # parameters: a rare field
            codecs.EMPTY_OBJECT,  # context: a rare field
            FLOW_RUN_POLICY_DEFAULT,  # empirical_policy: a rare field
            None,  # infrastructure_pid: a rare field
            codecs.EMPTY_OBJECT,  # job_variables: a rare field
        )
        if not _RARE_FIELDS.isdisjoint(raw):
            record.deployment_version = plain.text(get("deployment_version"))
            record.parameters = _parameters(get("parameters"))
            record.context = _parameters(get("context"))
            record.empirical_policy = _policy(get("empirical_policy"))
            record.labels = codecs.labels(get("labels"))
            record.infrastructure_pid = plain.text(get("infrastructure_pid"))
            record.job_variables = _parameters(get("job_variables"))
        return record

    def commit(index: int, run: FlowRun) -> None:
        if run.idempotency_key is not None:
            b.claim_unique(kind.name, (run.flow_id, run.idempotency_key), run.id, index)

    plain.read_loop(b, kind, raws, general, read_one, commit)
