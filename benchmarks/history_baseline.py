"""The naive rows × buckets history: for every interval, scan every run.

The baseline issue 4 asks the history endpoint to be measured against: it is
how run history was computed before Prefect 3.9 (one pass over the runs per
interval, as a join of intervals × runs). It uses runfilter's per-run SQLite
sums, so it gives the same answer up to SQLite's sub-millisecond bucket
rounding (the runner reports whether the answers agree).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from runfilter.entities.runs import history as hist
from runfilter.timeutil import to_us


def history_rows_x_buckets(runs: list[Any], start: dt.datetime, end: dt.datetime, interval_seconds: float,
                           now_us: int, dialect: Any) -> list[dict[str, Any]]:
    """History of `runs` by testing each run against each interval: O(runs × buckets)."""
    bounds, _ = hist.plan_intervals(start, end, dt.timedelta(seconds=interval_seconds))
    dates = dialect.dates
    clock = dates.clock(now_us)
    groups: dict[tuple[int, Any, Any], tuple[int, int | None, int]] = {}
    for bucket in range(len(bounds) - 1):
        low, high = to_us(bounds[bucket]), to_us(bounds[bucket + 1])
        in_bucket: dict[tuple[Any, Any], list] = {}
        for run in runs:
            expected = run.expected_start_time
            if expected is None or not low <= expected < high:
                continue
            group = in_bucket.setdefault((run.state_type, run.state_name), [0, 0, 0])
            group[0] += 1
            group[1] += max(0, hist.run_time_seconds(run, dates, clock) or 0)
            group[2] += max(0, hist.lateness_seconds(run, dates, clock))
        for (state_type, state_name), (n, run_time, lateness) in in_bucket.items():
            groups[(bucket, state_type, state_name)] = (n, run_time, lateness)
    return hist.render_history(bounds, groups, dialect)
