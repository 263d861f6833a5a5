"""``POST /flow_runs/lateness``: the average lateness of the matching flow runs, in seconds.

docs/semantics.md#lateness: each run's lateness is Prefect's per-database
formula (:meth:`~runfilter.dialects.base.DateArithmetic.run_lateness`); the
answer is their mean, or null when no run matches.
"""

from __future__ import annotations

from typing import Any

from ...api import filter_params as f
from ...api.handlers import selection
from ...api.route import Context
from ..runs.states import TERMINAL_STATE_TYPES


def average_lateness(ctx: Context, v: dict[str, Any]) -> float | None:
    """The handler: mean lateness of the runs the body's filters select."""
    runs = ctx.engine.matching(selection("flow_runs", v, f.FLOW_RUN_KEYS))
    if not runs:
        return None
    dates = ctx.engine.dialect.dates
    total = sum(
        dates.run_lateness(
            run.start_time,
            run.expected_start_time,
            run.state_type is not None and run.state_type not in TERMINAL_STATE_TYPES,
            ctx.now,
        )
        for run in runs
    )
    # SQLite's avg() sums in floating point and divides by the count
    return float(total) / len(runs)


__all__ = ["average_lateness"]
