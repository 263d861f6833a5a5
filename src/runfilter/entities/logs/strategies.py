"""Hypothesis strategies for logs: records, and the shape of a ``logs`` filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import instants, iso, record_id

#: Logger names (case variants and look-alikes for the text search; the search also reads them).
NAMES = ("prefect.flow_runs", "prefect.task_runs", "Prefect.Flow_Runs", "etl", "über", "Über")
#: Messages: words the text search finds or misses, a quote, a wildcard character, a comma for the CSV.
MESSAGES = ("Finished in state Completed()", "error: disk full", "ERROR 100%", 'said "hi", left', "a_b", "Über", "")
#: Levels: a few small ones (the filter's drawn bounds are small integers) and Python's usual ones.
LEVELS = (0, 1, 2, 5, 10, 20, 30, 40, 50)
#: Fields no filter reads but every response prints.
EXTRAS: dict[str, st.SearchStrategy[Any]] = {}
#: The ``logs`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "level": (False, {"ge_": "int", "le_": "int"}),
        "timestamp": (False, {"before_": "time", "after_": "time"}),
        "flow_run_id": (False, {"any_": "ids:flow_runs"}),
        "task_run_id": (False, {"any_": "ids:task_runs", "is_null_": "bool"}),
        "text": "text_search",
    },
)
#: Operand roles log items feed (their timestamps are ``time`` operands), and the stand-in pools.
VOCABULARY = {"instants": lambda item: [dt.datetime.fromisoformat(item["timestamp"])]}
POOLS: dict[str, tuple[str, ...]] = {}


@st.composite
def logs(draw: st.DrawFn, flow_run_ids: list[str], task_runs: list[dict[str, Any]], index: int = 0) -> dict[str, Any]:
    """One log item: of a flow run, of one of its task runs, or of neither (run ids need not exist).

    Timestamps sit on the shared grid, so ties are common. Shrinks toward a
    run-less log at the grid start.
    """
    flow_run_id = draw(st.none() | st.sampled_from(flow_run_ids)) if flow_run_ids else None
    own_tasks = [t["id"] for t in task_runs if t.get("flow_run_id") == flow_run_id and flow_run_id is not None]
    task_run_id = draw(st.none() | st.sampled_from(own_tasks)) if own_tasks else None
    item = {
        "id": record_id("logs", index, draw(st.integers(0, 2**16))),
        "name": draw(st.sampled_from(NAMES)),
        "level": draw(st.sampled_from(LEVELS)),
        "message": draw(st.sampled_from(MESSAGES)),
        "timestamp": iso(draw(instants())),
        "flow_run_id": flow_run_id,
        "task_run_id": task_run_id,
    }
    if draw(st.booleans()):
        item["created"] = iso(draw(instants()))
    return item
