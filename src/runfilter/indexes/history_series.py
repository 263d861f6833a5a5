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

Bucket boundaries are found on the dialect's time keys (on SQLite,
integer-millisecond Julian days) with its exact bucket formula, so slices
hold exactly the runs the per-run formula would put there.

Building the series is O(n log n), once. Prefix sums cannot take a record in
the middle in O(log n), so a commit does not touch them: its removed and
added runs are kept as pending changes (O(1) each), and an aggregate adds
and takes away their contributions with the per-run formula (O(pending)).
Once more runs are pending than :func:`rebuild_threshold` allows, the next
aggregate rebuilds the series from the table: a write never makes the next
read rebuild, and the rebuild's cost is spread over that many writes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from ..dialects import DateArithmetic
from ..entities.runs.history import (
    Aggregate,
    Sums,
    Window,
    add_runs,
    finish_sums,
    is_open_unstarted,
    lateness_seconds,
    run_time_seconds,
)
from ..entities.runs.record import Run


@dataclass
class StateSeries:
    """The runs of one (state_type, state_name), sorted by expected start time."""

    times: list[int] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)  # the dialect's time keys of `times`
    run_time: list[int] = field(default_factory=list)  # prefix sums of static, clamped run times
    lateness: list[int] = field(default_factory=list)  # prefix sums of static, clamped lateness
    null_run_time: list[int] = field(default_factory=list)  # prefix counts of NULL run times
    #: RUNNING runs: (position, the dialect's clock-independent parts of their run time)
    running: list[tuple[int, Any]] = field(default_factory=list)
    #: positions of open, unstarted runs, whose lateness depends on "now"
    open_unstarted: list[int] = field(default_factory=list)


def _static_parts(run: Run, dates: DateArithmetic, clock: Any) -> tuple[int, int, bool]:
    """The clock-independent (run time, lateness) of a run, clamped at 0, and whether its run time is NULL.

    `clock` is any clock: the parts read here do not depend on it.
    """
    if run.state_type == "RUNNING":
        run_time, null = 0, run.state_timestamp is None
    else:
        run_time, null = max(0, run_time_seconds(run, dates, clock) or 0), False
    lateness = 0 if is_open_unstarted(run) else max(0, lateness_seconds(run, dates, clock))
    return run_time, lateness, null


def rebuild_threshold(table_size: int) -> int:
    """How many pending runs an aggregate takes on before it rebuilds the series (~1.5 % of the table).

    Each pending run costs a few µs per aggregate; a rebuild costs ~1 s per
    100k runs: at 100k runs, 1,562 pending runs add ~5 ms to an aggregate and
    pay a rebuild every 1,562 changed runs.
    """
    return max(1024, table_size // 64)


class HistorySeries:
    """Every run of a table with an expected start time, as one :class:`StateSeries` per state.

    Follows the table's commits through :meth:`apply` (pending changes); reads
    `records` (the table) again when it rebuilds.
    """

    def __init__(self, table: str, records: Mapping[str, Any], dates: DateArithmetic) -> None:
        #: the table whose changes this structure follows
        self.follows = (table,)
        self.dates = dates
        self._records = records
        self._build()

    def _build(self) -> None:
        dates = self.dates
        any_clock = dates.clock(0)
        #: runs added and removed (old versions) since the series were built
        self.added: list[Any] = []
        self.removed: list[Any] = []
        ordered = sorted(
            (r for r in self._records.values() if r.expected_start_time is not None),
            key=lambda r: (r.expected_start_time, r.seq),
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
                s.running.append((position, dates.running_parts(run.total_run_time, run.state_timestamp)))
            if is_open_unstarted(run):
                s.open_unstarted.append(position)
            s.times.append(run.expected_start_time)
            s.keys.append(dates.time_key(run.expected_start_time))
            parts[key].append(_static_parts(run, dates, any_clock))
        for key, s in series.items():
            s.run_time = [0, *accumulate(p[0] for p in parts[key])]
            s.lateness = [0, *accumulate(p[1] for p in parts[key])]
            s.null_run_time = [0, *accumulate(int(p[2]) for p in parts[key])]
        self.series = series

    def apply(self, table: str, removed: Iterable[Any], added: Iterable[Any]) -> None:
        """Follow the table's change: keep the runs as pending; O(changes)."""
        self.removed.extend(removed)
        self.added.extend(added)

    def aggregate(self, window: Window) -> Aggregate:
        """Counts and sums per (bucket, state type, state name), as the per-run aggregate gives.

        The same as :func:`runfilter.entities.runs.history.aggregate_runs` over the table's runs.
        """
        if len(self.added) + len(self.removed) > rebuild_threshold(len(self._records)):
            self._build()
        sums = self._series_sums(*window)
        for runs, sign in ((self.added, 1), (self.removed, -1)):
            if runs:
                add_runs(sums, runs, window, self.dates, sign)
        return finish_sums(sums)

    def _series_sums(self, start_us: int, end_us: int, count: int, seconds_per_bucket: float, now_us: int) -> Sums:
        dates = self.dates
        start_key = dates.time_key(start_us)
        thresholds = [_threshold(dates, b, start_key, seconds_per_bucket) for b in range(count + 1)]
        clock = dates.clock(now_us)
        late_from = dates.now_us(clock)  # open runs expected from here on are not late yet
        running_seconds, open_late_seconds = dates.running_seconds, dates.open_late_seconds
        out: Sums = {}
        for (state_type, state_name), s in self.series.items():
            times, keys, running, open_unstarted = s.times, s.keys, s.running, s.open_unstarted
            lo, hi = bisect_left(times, start_us), bisect_left(times, end_us)
            if lo >= hi:
                continue
            late_before = bisect_left(times, late_from)
            edges = [min(hi, max(lo, bisect_left(keys, t))) for t in thresholds]
            run_times, latenesses, nulls = s.run_time, s.lateness, s.null_run_time
            for bucket in range(count):
                first, last = edges[bucket], edges[bucket + 1]
                if first >= last:
                    continue
                run_time = run_times[last] - run_times[first]
                lateness = latenesses[last] - latenesses[first]
                non_null = (last - first) - (nulls[last] - nulls[first])
                if running:
                    for position, parts in running[bisect_left(running, (first,)) :]:
                        if position >= last:
                            break
                        run_time += max(0, running_seconds(parts, clock))
                if open_unstarted:
                    open_stop = bisect_left(open_unstarted, min(last, late_before))
                    for position in open_unstarted[bisect_left(open_unstarted, first) : open_stop]:
                        lateness += max(0, open_late_seconds(keys[position], clock))
                out[(bucket, state_type, state_name)] = [last - first, non_null, run_time, lateness]
        return out

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert series plus pending changes aggregate like the table's runs (a test invariant)."""
        (table,) = self.follows
        times = [r.expected_start_time for r in tables[table].values() if r.expected_start_time is not None]
        if not times:
            return
        start, end, now = min(times), max(times) + 1, max(times)
        spb = max(1.0, (end - start) / 7e6)
        window = Window(start, end, 8, spb, now)
        expected = add_runs({}, tables[table].values(), window, self.dates)
        assert self.aggregate(window) == finish_sums(expected), f"{table}: history series out of sync"


def _threshold(dates: DateArithmetic, bucket: int, start_key: int, seconds_per_bucket: float) -> int:
    """The smallest time key whose bucket index is at least `bucket` (the dialect's formula is monotone).

    Starts from a guess one key unit per millisecond away (exact on SQLite, a
    fine first step for any integer key) and widens, then bisects.
    """
    bucket_of = dates.bucket
    guess = start_key + int(bucket * seconds_per_bucket * 1000)
    low, high = guess - 2, guess + 2
    while bucket_of(low, start_key, seconds_per_bucket) >= bucket:
        low -= max(2, high - low)
    while bucket_of(high, start_key, seconds_per_bucket) < bucket:
        high += max(2, high - low)
    while high - low > 1:  # invariant: bucket(low) < bucket <= bucket(high)
        middle = (low + high) // 2
        if bucket_of(middle, start_key, seconds_per_bucket) >= bucket:
            high = middle
        else:
            low = middle
    return high
