"""Run history (``/flow_runs/history``, ``/task_runs/history``): Prefect 3.9.1's algorithm on SQLite.

Intervals are generated in Python exactly as Prefect does (including its
float round trips), and each candidate run is put in a bucket in one pass,
so the cost is O(runs + buckets), never runs × buckets. Which run counts how
is Prefect's rule (here); bucket indexes and per-run sums are computed with
the store dialect's date arithmetic, as Prefect's SQL computes them
(docs/semantics.md#history).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from ...dialects import DateArithmetic, Dialect
from ...errors import RequestError, prefect_500
from ...timeutil import format_ts, to_us
from .states import TERMINAL_STATE_TYPES

#: Prefect caps a history at this many intervals (silently).
MAX_INTERVALS = 500
_ZERO = dt.timedelta(0)
_ONE_US = dt.timedelta(microseconds=1)


def interval_from_seconds(interval_seconds: float) -> dt.timedelta:
    """The history interval as Prefect's endpoint builds it, with its checks.

    Raises 500 where ``timedelta`` itself fails (NaN, infinity, > 10⁹ days)
    and 422 ``{"detail"}`` below one second.
    """
    try:
        interval = dt.timedelta(seconds=interval_seconds)
    except (OverflowError, ValueError) as exc:
        raise prefect_500(f"history_interval_seconds={interval_seconds!r}: {exc}") from None
    if interval < dt.timedelta(seconds=1):
        raise RequestError(
            422,
            {"detail": "History interval must not be less than 1 second."},
            "history_interval_seconds: must not be less than 1 second",
        )
    return interval


def interval_count(start: dt.datetime, end: dt.datetime, interval: dt.timedelta) -> int:
    """How many intervals Prefect emits: ceil(elapsed / interval), capped at 500, 0 if elapsed <= 0.

    ``elapsed`` goes through float seconds as in Prefect, so ranges over ~2³³ s
    lose microseconds exactly as Prefect does.
    """
    elapsed = dt.timedelta(seconds=(end - start).total_seconds())
    if elapsed <= _ZERO:
        return 0
    return min(-((-elapsed) // interval), MAX_INTERVALS)


def run_time_seconds(run: Any, dates: DateArithmetic, clock: Any) -> int | None:
    """``extract(epoch from estimated_run_time)`` as the history SQL computes it (None = SQL NULL).

    A RUNNING run adds the time since its state began to ``total_run_time``
    (NULL without a state timestamp); any other run has its total.
    """
    if run.state_type == "RUNNING":
        if run.state_timestamp is None:
            return None
        return dates.running_seconds(dates.running_parts(run.total_run_time, run.state_timestamp), clock)
    return dates.interval_seconds(run.total_run_time)


def is_open_unstarted(run: Any) -> bool:
    """Not started, with a state that is not terminal: its lateness grows with "now" (the SQL form)."""
    return run.start_time is None and run.state_type is not None and run.state_type not in TERMINAL_STATE_TYPES


def lateness_seconds(run: Any, dates: DateArithmetic, clock: Any) -> int:
    """``extract(epoch from estimated_start_time_delta)`` as the history SQL computes it.

    A run that started after its expected start is late by the difference; an
    open, unstarted run expected before "now" by the time since. A run with
    no state type is never late here (``NOT IN`` on NULL is unknown):
    docs/semantics.md#history.
    """
    start, expected = run.start_time, run.expected_start_time
    if start is not None and expected is not None and start > expected:
        return dates.late_seconds(start, expected)
    if is_open_unstarted(run) and expected is not None and expected < dates.now_us(clock):
        return dates.open_late_seconds(dates.time_key(expected), clock)
    return 0


#: (bucket, state_type, state_name) → (count_runs, run-time sum or None for SQL NULL, lateness sum)
Aggregate = dict[tuple[int, str | None, str | None], tuple[int, int | None, int]]
#: (bucket, state_type, state_name) → [runs, runs with a non-NULL run time, run-time sum, lateness sum]:
#: what can be added up and taken away (see :func:`add_runs`), before :func:`finish_sums`
Sums = dict[tuple[int, str | None, str | None], list[int]]


class Window(NamedTuple):
    """The buckets of one history request: ``[start, end)`` in `count` intervals of `seconds_per_bucket`,
    sums computed at `now` (all instants in epoch µs)."""

    start_us: int
    end_us: int
    count: int
    seconds_per_bucket: float
    now_us: int


def add_runs(sums: Sums, runs: Iterable[Any], window: Window, dates: DateArithmetic, sign: int = 1) -> Sums:
    """Add (or with ``sign=-1`` take away) the runs' counts and sums per (bucket, state) to `sums`: O(runs).

    Sums are ``SUM(greatest(0, x))``: NULL run times are skipped (and not counted as non-NULL).
    """
    start_us, end_us, count, seconds_per_bucket, now_us = window
    start_key, clock = dates.time_key(start_us), dates.clock(now_us)
    time_key, bucket_of = dates.time_key, dates.bucket
    for run in runs:
        expected = run.expected_start_time
        if expected is None or not start_us <= expected < end_us:
            continue
        bucket = bucket_of(time_key(expected), start_key, seconds_per_bucket)
        if not 0 <= bucket < count:
            continue  # Prefect silently drops indexes outside the intervals
        key = (bucket, run.state_type, run.state_name)
        group = sums.get(key)
        if group is None:
            group = sums[key] = [0, 0, 0, 0]
        group[0] += sign
        run_time = run_time_seconds(run, dates, clock)
        if run_time is not None:
            group[1] += sign
            group[2] += sign * max(0, run_time)
        group[3] += sign * max(0, lateness_seconds(run, dates, clock))
    return sums


def finish_sums(sums: Sums) -> Aggregate:
    """The aggregate of `sums`: groups with runs, a run-time sum of NULL where no run time was non-NULL."""
    return {
        key: (n, run_time if non_null else None, lateness)
        for key, (n, non_null, run_time, lateness) in sums.items()
        if n
    }


def aggregate_runs(runs: Iterable[Any], window: Window, dates: DateArithmetic) -> Aggregate:
    """Count and sum candidate runs per (bucket, state) in one pass: O(runs)."""
    return finish_sums(add_runs({}, runs, window, dates))


def plan_intervals(start: dt.datetime, end: dt.datetime, interval: dt.timedelta) -> tuple[list[dt.datetime], float]:
    """The interval bounds (``count + 1`` of them) and the interval length in float seconds, as Prefect builds them.

    Raises :class:`ServerError` where Prefect answers 500 (a date beyond year 9999).
    """
    interval = dt.timedelta(seconds=interval.total_seconds())
    count = interval_count(start, end, interval)
    if count == 0:
        return [], interval.total_seconds()
    try:
        start + count * interval  # Prefect computes the query end first; it may overflow
        bounds = [start + i * interval for i in range(count + 1)]
    except OverflowError as exc:
        raise prefect_500(f"history range overflows: {exc}") from None
    return bounds, interval.total_seconds()


def render_history(bounds: list[dt.datetime], groups: Aggregate, dialect: Dialect) -> list[dict[str, Any]]:
    """The response: one entry per interval, states in the database's (type, name) order.

    Raises :class:`ServerError` for a kept group without a state (Prefect's
    response model requires one) or with a NULL run-time sum.
    """
    # the few distinct states ranked once in the database's order, then groups sorted by (bucket, rank)
    order = dialect.order_key()
    pairs = sorted({key[1:] for key in groups}, key=lambda pair: (order(pair[0]), order(pair[1])))
    rank = {pair: i for i, pair in enumerate(pairs)}
    states: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ordered = sorted(groups.items(), key=lambda item: (item[0][0], rank[item[0][1:]]))
    for (bucket, state_type, state_name), (n, run_time, lateness) in ordered:
        if state_type is None or state_name is None or run_time is None:
            raise prefect_500("a run in the history has no state (HistoryResponseState requires one)")
        states[bucket].append(
            {
                "state_type": state_type,
                "state_name": state_name,
                "count_runs": n,
                "sum_estimated_run_time": float(run_time),
                "sum_estimated_lateness": float(lateness),
            }
        )
    return [
        {
            "interval_start": format_ts(to_us(bounds[i])),
            "interval_end": format_ts(to_us(bounds[i + 1])),
            "states": states.get(i, []),
        }
        for i in range(len(bounds) - 1)
    ]
