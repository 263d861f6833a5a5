"""Loading task runs: task keys and the dynamic keys Prefect numbers, with the fast loop and its reference.

See :mod:`runfilter.entities.runs.load` for the two readers and
:mod:`runfilter.entities.runs.plain` for what makes an item plain.
"""

from __future__ import annotations

import sys
from typing import Any

from ... import codecs
from ...loading.batch import BatchBuilder, Item, random_slug
from ...schema import Kind
from ..runs import load as runs_load
from ..runs import plain
from ..runs.plain import NotPlain, PlainReader
from ..runs.state_history import run_states
from .record import TASK_RUN_POLICY, TASK_RUN_POLICY_DEFAULT, TaskRun, task_inputs

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
    runs_load.load_runs(b, kind, raws, _general_task_run, read_task_runs)


def _general_task_run(b: BatchBuilder, kind: Kind, run_id: str, item: Item) -> TaskRun:
    v = runs_load.present_run_fields(b, kind, item)
    flow_run_id = b.check_ref(item, "flow_run_id", v.get("flow_run_id"), "flow_runs")
    name = v.get("name") or random_slug(b.rng)
    task_key = v.get("task_key") or name
    dynamic_key = claim_task_run_key(b, item.index, run_id, flow_run_id, task_key, v.get("dynamic_key"))  # type: ignore[arg-type]
    state = run_states(item, v, v["created"], run_id)
    seq = b.seq_for(kind.name, run_id)
    return runs_load.run_record(
        kind, v, state, id=run_id, seq=seq, name=name, task_key=task_key, dynamic_key=dynamic_key
    )


def read_task_runs(b: BatchBuilder, kind: Kind, raws: list[Any], general: runs_load.General) -> None:
    """Build every task-run entry of `raws` into ``b.new["task_runs"]``, in order; `general` reads the non-plain."""
    r, times, now = PlainReader(), b.times, b.now
    flow_runs, stored_flow_runs = b.new["flow_runs"], b.store.table("flow_runs")

    def read_one(raw: dict[str, Any], get: Any, run_id: str, name: str) -> TaskRun:
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
        record = TaskRun(
            *plain.run_head(run_id, name, get, times, now, r),  # id ... updated
            flow_run_id,  # flow_run_id
            task_key,  # task_key
            dynamic_key,  # dynamic_key: the item's, or None until commit numbers it
            0,  # flow_run_run_count: a rare field
            None,  # cache_key: a rare field
            None,  # cache_expiration: a rare field
            None,  # task_version: a rare field
            TASK_RUN_POLICY_DEFAULT,  # empirical_policy: a rare field
            codecs.EMPTY_OBJECT,  # task_inputs: a rare field
        )
        if not _RARE_FIELDS.isdisjoint(raw):
            record.flow_run_run_count = plain.counter(get("flow_run_run_count"))
            record.cache_key = plain.text(get("cache_key"))
            record.cache_expiration = times[get("cache_expiration")]
            record.task_version = plain.text(get("task_version"))
            record.empirical_policy = _policy(get("empirical_policy"))
            record.task_inputs = task_inputs(get("task_inputs"))
            record.labels = codecs.labels(get("labels"))
        return record

    def commit(index: int, run: TaskRun) -> None:
        run.dynamic_key = claim_task_run_key(b, index, run.id, run.flow_run_id, run.task_key, run.dynamic_key)

    plain.read_loop(b, kind, raws, general, read_one, commit)
