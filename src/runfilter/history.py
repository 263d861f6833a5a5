"""Run history (``/flow_runs/history``, ``/task_runs/history``): Prefect 3.9.1's algorithm on SQLite.

Intervals are generated in Python exactly as Prefect does (including its
float round trips), and each candidate run is put in a bucket in one pass,
so the cost is O(runs + buckets), never runs × buckets. Bucket indexes and
per-run sums follow SQLite's millisecond julianday arithmetic
(:mod:`runfilter.sqlite_time`), which is what Prefect's SQL computes
(prefect-semantics.md §7).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from . import sqlite_time as sq
from .errors import RequestError, ServerError
from .filters import TERMINAL_STATE_TYPES
from .timeutil import format_ts, to_us

#: Prefect caps a history at this many intervals (silently).
MAX_INTERVALS = 500
_ZERO = dt.timedelta(0)
_ONE_US = dt.timedelta(microseconds=1)

INTERNAL_SERVER_ERROR = {"exception_message": "Internal Server Error"}


def _server_error(reason: str) -> ServerError:
    return ServerError(500, INTERNAL_SERVER_ERROR, f"Prefect would fail with HTTP 500: {reason}")


def interval_from_seconds(interval_seconds: float) -> dt.timedelta:
    """The history interval as Prefect's endpoint builds it, with its checks.

    Raises 500 where ``timedelta`` itself fails (NaN, infinity, > 10⁹ days)
    and 422 ``{"detail"}`` below one second.
    """
    try:
        interval = dt.timedelta(seconds=interval_seconds)
    except (OverflowError, ValueError) as exc:
        raise _server_error(f"history_interval_seconds={interval_seconds!r}: {exc}") from None
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


def _floor_seconds(ijd_value: int) -> int:
    # SQLite's strftime('%s', ...) of a millisecond Julian day: floor to whole seconds
    return (ijd_value - sq.ijd(0)) // 1000


def sqlite_run_time_seconds(run: Any, now_us: int) -> int | None:
    """``extract(epoch from estimated_run_time)`` as SQLite computes it (None = SQL NULL)."""
    if run.state_type == "RUNNING":
        if run.state_timestamp is None:
            return None
        return _floor_seconds(sq.ijd(sq.running_duration(run.total_run_time, now_us, run.state_timestamp)))
    return _floor_seconds(sq.ijd(run.total_run_time))


def sqlite_lateness_seconds(run: Any, now_us: int) -> int:
    """``extract(epoch from estimated_start_time_delta)`` as SQLite computes it (the SQL form of §8.4).

    A run with no state type is never late here (``NOT IN`` on NULL is unknown).
    """
    start, expected = run.start_time, run.expected_start_time
    if start is not None and expected is not None and start > expected:
        return _floor_seconds(sq.ijd_from_real(sq.EPOCH_JD + sq.julianday(start) - sq.julianday(expected)))
    now_ms = sq.as_us(sq.ijd(now_us))  # SQL now() is printed with millisecond precision
    if (
        start is None
        and run.state_type is not None
        and run.state_type not in TERMINAL_STATE_TYPES
        and expected is not None
        and expected < now_ms
    ):
        return _floor_seconds(sq.ijd_from_real(sq.EPOCH_JD + sq.julianday(now_us) - sq.julianday(expected)))
    return 0


class _Group:
    __slots__ = ("count", "lateness", "run_time")

    def __init__(self) -> None:
        self.count = 0
        self.run_time: int | None = None
        self.lateness: int | None = None


def _sql_sum(total: int | None, value: int | None) -> int | None:
    # SUM(greatest(0, x)): NULL values are skipped; greatest() with NULL is NULL
    if value is None:
        return total
    value = max(0, value)
    return value if total is None else total + value


def history(
    runs: Iterable[Any], start: dt.datetime, end: dt.datetime, interval: dt.timedelta, now_us: int
) -> list[dict[str, Any]]:
    """The history response for `runs` (already filtered by the body's filters).

    Raises :class:`ServerError` where Prefect answers 500: a kept run without
    a state, or a date beyond year 9999.
    """
    interval = dt.timedelta(seconds=interval.total_seconds())
    count = interval_count(start, end, interval)
    if count == 0:
        return []
    try:
        query_end = start + count * interval
        bounds = [start + i * interval for i in range(count + 1)]
    except OverflowError as exc:
        raise _server_error(f"history range overflows: {exc}") from None
    start_us, end_us = to_us(start), to_us(query_end)
    start_ijd = sq.ijd(start_us)
    seconds_per_bucket = interval.total_seconds()
    groups: dict[tuple[int, str | None, str | None], _Group] = defaultdict(_Group)
    for run in runs:
        expected = run.expected_start_time
        if expected is None or not start_us <= expected < end_us:
            continue
        # SQLite: floor(round((julianday(t) - julianday(start)) * 86400, 3) / interval)
        bucket = math.floor(((sq.ijd(expected) - start_ijd) / 1000) / seconds_per_bucket)
        if not 0 <= bucket < count:
            continue  # Prefect silently drops indexes outside the intervals
        group = groups[(bucket, run.state_type, run.state_name)]
        group.count += 1
        group.run_time = _sql_sum(group.run_time, sqlite_run_time_seconds(run, now_us))
        group.lateness = _sql_sum(group.lateness, sqlite_lateness_seconds(run, now_us))
    states: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # SQLite returns groups sorted by (bucket, state_type text, state_name) — binary order
    for (bucket, state_type, state_name), group in sorted(groups.items(), key=_group_order):
        if state_type is None or state_name is None or group.run_time is None or group.lateness is None:
            raise _server_error("a run in the history has no state (HistoryResponseState requires one)")
        states[bucket].append(
            {
                "state_type": state_type,
                "state_name": state_name,
                "count_runs": group.count,
                "sum_estimated_run_time": float(group.run_time),
                "sum_estimated_lateness": float(group.lateness),
            }
        )
    return [
        {
            "interval_start": format_ts(to_us(bounds[i])),
            "interval_end": format_ts(to_us(bounds[i + 1])),
            "states": states.get(i, []),
        }
        for i in range(count)
    ]


def _group_order(item: tuple[tuple[int, str | None, str | None], _Group]) -> tuple:
    bucket, state_type, state_name = item[0]
    return (bucket, state_type is not None, state_type or "", state_name is not None, state_name or "")
