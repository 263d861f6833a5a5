"""Per-state series of runs for unfiltered history: buckets by bisection, sums by prefix sums.

An unfiltered history (the common chart: every run, per day) would otherwise
touch every run. Instead, the runs of a table are kept as one series per
``(state_type, state_name)``, sorted by expected start time, with prefix
sums of each run's clock-independent contributions (floored run time of a
run that is not RUNNING; lateness of a run that started late). A bucket of a
series is then a slice found by bisection, and its count and sums are
differences of prefix sums. Only runs whose contribution depends on "now"
(RUNNING run times, lateness of runs not yet started) are computed per
request.

Bucket boundaries are found in SQLite's integer-millisecond Julian days
(:mod:`runfilter.sqlite_time`) with the exact floating-point bucket formula,
so slices hold exactly the runs the per-run formula would put there.

Building a series is O(n log n); the store rebuilds it after any change to
the table (it keys the cache by its change counter).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from . import sqlite_time as sq
from .history import (
    Aggregate,
    is_open_unstarted,
    sqlite_lateness_seconds,
    sqlite_open_lateness_seconds,
    sqlite_run_time_seconds,
)
from .records import FlowRun, TaskRun


@dataclass
class StateSeries:
    """The runs of one (state_type, state_name), sorted by expected start time."""

    times: list[int] = field(default_factory=list)
    ijds: list[int] = field(default_factory=list)
    run_time: list[int] = field(default_factory=list)  # prefix sums of static, clamped run times
    lateness: list[int] = field(default_factory=list)  # prefix sums of static, clamped lateness
    null_run_time: list[int] = field(default_factory=list)  # prefix counts of NULL run times
    #: RUNNING runs: (position, total_run_time Julian day, state_timestamp Julian day)
    running: list[tuple[int, int, int]] = field(default_factory=list)
    #: positions of open, unstarted runs, whose lateness depends on "now"
    open_unstarted: list[int] = field(default_factory=list)


def _static_parts(run: FlowRun | TaskRun) -> tuple[int, int, bool]:
    """The clock-independent (run time, lateness) of a run, clamped at 0, and whether its run time is NULL."""
    if run.state_type == "RUNNING":
        run_time, null = 0, run.state_timestamp is None
    else:
        run_time, null = max(0, sqlite_run_time_seconds(run, 0) or 0), False
    lateness = 0 if is_open_unstarted(run) else max(0, sqlite_lateness_seconds(run, 0))
    return run_time, lateness, null


class HistorySeries:
    """Every run of a table with an expected start time, as one :class:`StateSeries` per state."""

    def __init__(self, runs: Any) -> None:
        ordered = sorted(
            (r for r in runs if r.expected_start_time is not None), key=lambda r: (r.expected_start_time, r.seq)
        )
        series: dict[tuple[str | None, str | None], StateSeries] = {}
        parts: dict[tuple[str | None, str | None], list[tuple[int, int, bool]]] = {}
        for run in ordered:
            key = (run.state_type, run.state_name)
            s = series.get(key)
            if s is None:
                s = series[key] = StateSeries()
                parts[key] = []
            position = len(s.times)
            if run.state_type == "RUNNING" and run.state_timestamp is not None:
                s.running.append((position, sq.ijd(run.total_run_time), sq.ijd(run.state_timestamp)))
            if is_open_unstarted(run):
                s.open_unstarted.append(position)
            s.times.append(run.expected_start_time)
            s.ijds.append(sq.ijd(run.expected_start_time))
            parts[key].append(_static_parts(run))
        for key, s in series.items():
            s.run_time = [0, *accumulate(p[0] for p in parts[key])]
            s.lateness = [0, *accumulate(p[1] for p in parts[key])]
            s.null_run_time = [0, *accumulate(int(p[2]) for p in parts[key])]
        self.series = series

    def aggregate(self, start_us: int, end_us: int, count: int, seconds_per_bucket: float, now_us: int) -> Aggregate:
        """Counts and sums per (bucket, state type, state name), as :func:`runfilter.history.aggregate_runs` gives."""
        start_ijd = sq.ijd(start_us)
        thresholds = [_threshold(b, start_ijd, seconds_per_bucket) for b in range(count + 1)]
        now_jd = sq.julianday(now_us)
        now_ms_us = sq.as_us(sq.ijd(now_us))  # SQL now() is printed with millisecond precision
        out: Aggregate = {}
        for (state_type, state_name), s in self.series.items():
            lo, hi = bisect_left(s.times, start_us), bisect_left(s.times, end_us)
            if lo >= hi:
                continue
            late_before = bisect_left(s.times, now_ms_us)  # open runs from here on are not late yet
            edges = [min(hi, max(lo, bisect_left(s.ijds, t))) for t in thresholds]
            for bucket in range(count):
                first, last = edges[bucket], edges[bucket + 1]
                if first >= last:
                    continue
                run_time = s.run_time[last] - s.run_time[first]
                lateness = s.lateness[last] - s.lateness[first]
                non_null = (last - first) - (s.null_run_time[last] - s.null_run_time[first])
                for position, total_ijd, state_ijd in s.running[bisect_left(s.running, (first,)) :]:
                    if position >= last:
                        break
                    duration = sq.running_duration_ijd(total_ijd, now_jd, state_ijd)
                    run_time += max(0, sq.floor_seconds(duration))
                open_stop = bisect_left(s.open_unstarted, min(last, late_before))
                for position in s.open_unstarted[bisect_left(s.open_unstarted, first) : open_stop]:
                    lateness += max(0, sqlite_open_lateness_seconds(s.ijds[position], now_jd))
                out[(bucket, state_type, state_name)] = (last - first, run_time if non_null else None, lateness)
        return out


def _bucket(ijd_value: int, start_ijd: int, seconds_per_bucket: float) -> int:
    # SQLite: floor(round((julianday(t) - julianday(start)) * 86400, 3) / interval)
    return math.floor(((ijd_value - start_ijd) / 1000) / seconds_per_bucket)


def _threshold(bucket: int, start_ijd: int, seconds_per_bucket: float) -> int:
    """The smallest millisecond Julian day whose bucket index is at least `bucket` (the formula is monotone)."""
    guess = start_ijd + math.floor(bucket * seconds_per_bucket * 1000)
    low, high = guess - 2, guess + 2
    while _bucket(low, start_ijd, seconds_per_bucket) >= bucket:
        low -= max(2, high - low)
    while _bucket(high, start_ijd, seconds_per_bucket) < bucket:
        high += max(2, high - low)
    while high - low > 1:  # invariant: bucket(low) < bucket <= bucket(high)
        middle = (low + high) // 2
        if _bucket(middle, start_ijd, seconds_per_bucket) >= bucket:
            high = middle
        else:
            low = middle
    return high
