"""Hypothesis strategies for task runs: records, and the shape of a ``task_runs`` filter."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..runs.strategies import ALL_STATE_NAMES, run_instants, run_states
from ..samples import EXTRA_INSTANTS, EXTRA_LABELS, extras, instants, iso, record_id, tag_lists

#: Task names (case variants, ``%`` and non-ASCII letters for ``like_``).
NAMES = ("extract", "load", "Load", "transform", "t_1", "t%2", "Ünload")
#: Fields no filter reads but every response prints.
EXTRAS = {
    "cache_key": st.sampled_from((None, "ck-1")),
    "cache_expiration": st.sampled_from(EXTRA_INSTANTS),
    "task_version": st.sampled_from((None, "1.2")),
    "flow_run_run_count": st.integers(0, 2),
    "empirical_policy": st.sampled_from(
        (
            None,
            {"retries": 1, "retry_delay": [1, 2], "retry_jitter_factor": 0.5},
            {"max_retries": 2, "retry_delay_seconds": 1.5},
        )
    ),
    "task_inputs": st.sampled_from(
        (
            None,
            {"x": [{"input_type": "parameter", "name": "a"}, {"input_type": "constant", "type": "int"}]},
            {"y": [{"input_type": "task_run", "id": "00000000-0000-4000-8000-00000000beef"}]},
        )
    ),
    "labels": EXTRA_LABELS,
    "state": st.sampled_from(({"message": "done"},)),
}
#: The ``task_runs`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:task_runs"}),
        "name": (False, {"any_": "names:task_runs", "like_": "like:task_runs"}),
        "tags": (True, {"all_": "tags", "is_null_": "bool"}),
        "state": (
            True,
            {
                "type": (False, {"any_": "state_types"}),
                "name": (False, {"any_": "state_names"}),
            },
        ),
        "start_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
        "end_time": (False, {"before_": "time", "after_": "time", "is_null_": "bool"}),
        "expected_start_time": (False, {"before_": "time", "after_": "time"}),
        "subflow_runs": (False, {"exists_": "bool"}),
        "flow_run_id": (True, {"any_": "ids:flow_runs", "is_null_": "bool"}),
    },
)
#: Operand roles task-run items feed, and the pools that stand in without a dataset.
VOCABULARY = {
    "tags": lambda item: item.get("tags") or [],
    "state_names": lambda item: [item.get("state_name")],
    "instants": run_instants,
}
POOLS = {"state_names": ALL_STATE_NAMES}


@st.composite
def task_runs(
    draw: st.DrawFn,
    flow_run_ids: list[str],
    index: int = 0,
    nulls: bool = True,
    stateless: bool = False,
    orphans: bool = True,
    max_states: int = 0,
) -> dict[str, Any]:
    """One task run of one of `flow_run_ids` (or an orphan when `orphans`), with up to `max_states` states
    before its current one; keys are left to the loader.

    Shrinks toward a task run of the first flow run with no tags.
    """
    flow_run_id = draw(st.sampled_from(flow_run_ids)) if flow_run_ids else None
    if orphans and flow_run_ids and draw(st.integers(0, 7)) == 7:
        flow_run_id = None
    name = draw(st.sampled_from(NAMES))
    run: dict[str, Any] = {
        "id": record_id("task_runs", index, draw(st.integers(0, 2**16))),
        "name": name,
        "flow_run_id": flow_run_id,
        "task_key": draw(st.none() | st.just(f"{name}-key")),
        "tags": draw(tag_lists()),
        "created": iso(draw(instants())),
    }
    run.update(draw(run_states(nulls=nulls, stateless=stateless, max_states=max_states)))
    run.update(draw(extras(EXTRAS)))
    return run
