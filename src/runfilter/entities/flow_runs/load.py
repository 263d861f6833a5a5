"""Loading flow runs: the fast loop over plain items, and the general reader that is its reference.

See :mod:`runfilter.entities.runs.load` for the two readers and
:mod:`runfilter.entities.runs.plain` for what makes an item plain.
"""

from __future__ import annotations

from typing import Any

from ... import codecs
from ...errors import DatasetError
from ...loading import columns
from ...loading.batch import BatchBuilder, Item, default_stamps, random_slug
from ...schema import Kind
from ..runs import load as runs_load
from ..runs import plain
from ..runs.plain import FALL_BACK, NotPlain, PlainReader
from .record import FLOW_RUN_POLICY, FLOW_RUN_POLICY_DEFAULT, FlowRun

_READERS: dict[Kind, dict[str, Any]] = {}

#: Fields few datasets give: records start from their defaults, and an item that has
#: any of them gets them read afterwards (one set test instead of a read per field).
_RARE_FIELDS = frozenset(
    {"deployment_version", "parameters", "context", "empirical_policy", "labels", "infrastructure_pid", "job_variables"}
)
_parameters = plain.optional(codecs.json_object, codecs.EMPTY_OBJECT)
_policy = plain.optional(FLOW_RUN_POLICY.read, FLOW_RUN_POLICY_DEFAULT)


def load_flow_runs(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every flow run of the batch into ``b.new["flow_runs"]``."""

    def general(index: int, raw: Any) -> None:
        run_id, item = b.checked_item(kind.name, index, raw)
        b.new[kind.name][run_id] = _general_flow_run(b, kind, run_id, item)

    runs_load.read_all(b, raws, general, lambda b, raws, general: read_flow_runs(b, kind, raws, general))


def _general_flow_run(b: BatchBuilder, kind: Kind, run_id: str, item: Item) -> FlowRun:
    if item.raw.get("infrastructure_document_id") is not None:
        raise DatasetError(f"{item.where}.infrastructure_document_id", "block documents are not supported")
    readers = _READERS.get(kind)
    if readers is None:
        readers = _READERS[kind] = runs_load.run_readers(kind.readers)
    v = columns.present_fields(item, readers, b.times)
    created, updated = default_stamps(v.get("created"), v.get("updated"), b.now)
    flow_id = b.check_ref(item, "flow_id", v.get("flow_id"), "flows", required=True)
    queue_id = b.check_ref(item, "work_queue_id", v.get("work_queue_id"), "work_queues")
    queue_name = v.get("work_queue_name")
    if queue_name is None and queue_id is not None:
        queue_name = b.lookup("work_queues", queue_id).name
    state = runs_load.run_state(item, v, created)
    key = v.get("idempotency_key")
    if key is not None:
        b.claim_unique(kind.name, (flow_id, key), run_id, item.index)  # type: ignore[arg-type]
    v.pop("state_id", None)
    return FlowRun(
        **{
            **kind.defaults,
            **v,
            "id": run_id,
            "seq": b.seq_for(kind.name, run_id),
            "name": v.get("name") or random_slug(b.rng),
            "flow_id": flow_id,
            "work_queue_name": queue_name,
            **state,
            "created": created,
            "updated": updated,
        }
    )


def read_flow_runs(b: BatchBuilder, kind: Kind, raws: list[Any], general: runs_load.General) -> None:
    """Build every flow-run entry of `raws` into ``b.new["flow_runs"]``, in order; `general` reads the non-plain."""
    r, times, now, rare = PlainReader(), b.times, b.now, _RARE_FIELDS
    plain_id, new = plain.id_reader(b, kind), b.new[kind.name]
    flows, queues = b.new["flows"], b.new["work_queues"]
    stored_flows, stored_queues = b.store.table("flows"), b.store.table("work_queues")
    for index, raw in enumerate(raws):
        try:
            run_id = plain_id(raw)
            get = raw.get
            name = plain.run_name(get)
            # a reference found among the records is canonical: no UUID check needed
            flow_id = get("flow_id")
            flow = flows.get(flow_id) or stored_flows.get(flow_id)
            queue_id = get("work_queue_id")
            queue = None if queue_id is None else queues.get(queue_id) or stored_queues.get(queue_id)
            if flow is None or (queue_id is not None and queue is None):
                raise NotPlain  # a missing or dangling reference: the general path names it
            queue_name, key = plain.text(get("work_queue_name")), plain.text(get("idempotency_key"))
            auto_scheduled = get("auto_scheduled")
            if auto_scheduled is not None and type(auto_scheduled) is not bool:
                raise NotPlain
            created, updated = default_stamps(times[get("created")], times[get("updated")], now)
            record = FlowRun(
                run_id,  # id
                0,  # seq: set below, once nothing can fall back any more
                name,  # name
                *plain.run_columns(get, created, times),  # state_type ... run_count
                r.tags(get("tags")),  # tags
                None,  # labels: a rare field
                created,  # created
                updated,  # updated
                flow.id,  # flow_id
                plain.uuid(get("deployment_id")),  # deployment_id
                None if queue is None else queue.id,  # work_queue_id
                queue_name if queue_name is not None or queue is None else queue.name,  # work_queue_name
                plain.uuid(get("parent_task_run_id")),  # parent_task_run_id
                plain.text(get("flow_version")),  # flow_version
                None,  # deployment_version: a rare field
                key,  # idempotency_key
                r.created_by(get("created_by")),  # created_by
                bool(auto_scheduled),  # auto_scheduled
                codecs.EMPTY_OBJECT,  # parameters: a rare field
                codecs.EMPTY_OBJECT,  # context: a rare field
                FLOW_RUN_POLICY_DEFAULT,  # empirical_policy: a rare field
                None,  # infrastructure_pid: a rare field
                codecs.EMPTY_OBJECT,  # job_variables: a rare field
            )
            if not rare.isdisjoint(raw):
                record.deployment_version = plain.text(get("deployment_version"))
                record.parameters = _parameters(get("parameters"))
                record.context = _parameters(get("context"))
                record.empirical_policy = _policy(get("empirical_policy"))
                record.labels = codecs.labels(get("labels"))
                record.infrastructure_pid = plain.text(get("infrastructure_pid"))
                record.job_variables = _parameters(get("job_variables"))
        except FALL_BACK:
            general(index, raw)
            continue
        # side effects, in the general path's order (their errors are the general path's too)
        if key is not None:
            b.claim_unique(kind.name, (flow.id, key), run_id, index)
        record.seq = b.seq_for(kind.name, run_id)
        new[run_id] = record
