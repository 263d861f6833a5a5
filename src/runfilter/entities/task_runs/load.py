"""Loading task runs: task keys and the dynamic keys Prefect numbers, with the fast loop and its reference.

See :mod:`runfilter.entities.runs.load` for the two readers and
:mod:`runfilter.entities.runs.plain` for what makes an item plain.
"""

from __future__ import annotations

import sys
from typing import Any

from ... import codecs
from ...loading import columns
from ...loading.batch import BatchBuilder, Item, default_stamps, random_slug
from ...schema import Kind
from ..runs import load as runs_load
from ..runs import plain
from ..runs.plain import FALL_BACK, NotPlain, PlainReader
from .record import TASK_RUN_POLICY, TASK_RUN_POLICY_DEFAULT, TaskRun, task_inputs

_READERS: dict[Kind, dict[str, Any]] = {}

#: Fields few datasets give: records start from their defaults, and an item that has
#: any of them gets them read afterwards (one set test instead of a read per field).
_RARE_FIELDS = frozenset(
    {"flow_run_run_count", "cache_key", "cache_expiration", "task_version", "empirical_policy", "task_inputs", "labels"}
)
_policy = plain.optional(TASK_RUN_POLICY.read, TASK_RUN_POLICY_DEFAULT)


def claim_task_run_key(
    b: BatchBuilder, index: int, run_id: str, flow_run_id: str | None, task_key: str, dynamic_key: str | None
) -> str:
    """A task run's ``dynamic_key``, claimed with its flow run and task key as Prefect's unique key.

    Without one, Prefect numbers the unkeyed repeats of a task within its
    flow run: "0", "1", ... in load order.
    """
    if dynamic_key is None:
        # (flow run id, task key) → how many unkeyed task runs of it this batch has numbered
        repeats: dict[tuple[str | None, str], int] = b.scratch.setdefault("task_repeats", {})
        repeat = (flow_run_id, task_key)
        numbered = repeats.get(repeat, 0)
        repeats[repeat] = numbered + 1
        dynamic_key = str(numbered)
    if flow_run_id is not None:
        b.claim_unique("task_runs", (flow_run_id, task_key, dynamic_key), run_id, index)
    return dynamic_key


def load_task_runs(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every task run of the batch into ``b.new["task_runs"]``, deriving task keys."""

    def general(index: int, raw: Any) -> None:
        run_id, item = b.checked_item(kind.name, index, raw)
        b.new[kind.name][run_id] = _general_task_run(b, kind, run_id, item)

    runs_load.read_all(b, raws, general, lambda b, raws, general: read_task_runs(b, kind, raws, general))


def _general_task_run(b: BatchBuilder, kind: Kind, run_id: str, item: Item) -> TaskRun:
    readers = _READERS.get(kind)
    if readers is None:
        readers = _READERS[kind] = runs_load.run_readers(kind.readers)
    v = columns.present_fields(item, readers, b.times)
    created, updated = default_stamps(v.get("created"), v.get("updated"), b.now)
    flow_run_id = b.check_ref(item, "flow_run_id", v.get("flow_run_id"), "flow_runs")
    name = v.get("name") or random_slug(b.rng)
    task_key = v.get("task_key") or name
    dynamic_key = claim_task_run_key(b, item.index, run_id, flow_run_id, task_key, v.get("dynamic_key"))  # type: ignore[arg-type]
    state = runs_load.run_state(item, v, created)
    v.pop("state_id", None)
    return TaskRun(
        **{
            **kind.defaults,
            **v,
            "id": run_id,
            "seq": b.seq_for(kind.name, run_id),
            "name": name,
            "task_key": task_key,
            "dynamic_key": dynamic_key,
            **state,
            "created": created,
            "updated": updated,
        }
    )


def read_task_runs(b: BatchBuilder, kind: Kind, raws: list[Any], general: runs_load.General) -> None:
    """Build every task-run entry of `raws` into ``b.new["task_runs"]``, in order; `general` reads the non-plain."""
    r, times, now, rare = PlainReader(), b.times, b.now, _RARE_FIELDS
    plain_id, new = plain.id_reader(b, kind), b.new[kind.name]
    flow_runs, stored_flow_runs = b.new["flow_runs"], b.store.table("flow_runs")
    for index, raw in enumerate(raws):
        try:
            run_id = plain_id(raw)
            get = raw.get
            name = plain.run_name(get)
            flow_run_id = get("flow_run_id")
            if flow_run_id is not None:
                # a reference found among the records is canonical: no UUID check needed
                flow_run = flow_runs.get(flow_run_id) or stored_flow_runs.get(flow_run_id)
                if flow_run is None:
                    raise NotPlain  # dangling: the general path names it
                flow_run_id = flow_run.id
            task_key, dynamic_key = get("task_key"), get("dynamic_key")
            if task_key is None:
                task_key = name
            elif type(task_key) is not str:
                raise NotPlain
            else:
                task_key = sys.intern(task_key) or name
            if dynamic_key is not None:
                if type(dynamic_key) is not str:
                    raise NotPlain
                dynamic_key = sys.intern(dynamic_key)
            created, updated = default_stamps(times[get("created")], times[get("updated")], now)
            record = TaskRun(
                run_id,  # id
                0,  # seq: set below, once nothing can fall back any more
                name,  # name
                *plain.run_columns(get, created, times),  # state_type ... run_count
                r.tags(get("tags")),  # tags
                None,  # labels: a rare field
                created,  # created
                updated,  # updated
                flow_run_id,  # flow_run_id
                task_key,  # task_key
                "",  # dynamic_key: set below: may come from the batch's counter
                0,  # flow_run_run_count: a rare field
                None,  # cache_key: a rare field
                None,  # cache_expiration: a rare field
                None,  # task_version: a rare field
                TASK_RUN_POLICY_DEFAULT,  # empirical_policy: a rare field
                codecs.EMPTY_OBJECT,  # task_inputs: a rare field
            )
            if not rare.isdisjoint(raw):
                record.flow_run_run_count = plain.counter(get("flow_run_run_count"))
                record.cache_key = plain.text(get("cache_key"))
                record.cache_expiration = times[get("cache_expiration")]
                record.task_version = plain.text(get("task_version"))
                record.empirical_policy = _policy(get("empirical_policy"))
                record.task_inputs = task_inputs(get("task_inputs"))
                record.labels = codecs.labels(get("labels"))
        except FALL_BACK:
            general(index, raw)
            continue
        # side effects, in the general path's order (their errors are the general path's too)
        record.dynamic_key = claim_task_run_key(b, index, run_id, flow_run_id, task_key, dynamic_key)
        record.seq = b.seq_for(kind.name, run_id)
        new[run_id] = record
