"""Repeated timing of one call: warm-up, an adaptive number of repeats, median / min / p90.

The machine is small and shared, so a single number is not trusted: each series
runs at least ``min_repeats`` times and keeps going until ``budget_s`` of timed
calls or ``max_repeats``, and the spread (min, p90, max) is reported with the
median. Stdlib only: the Prefect timing script uses it under the oracle's venv.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RepeatPolicy:
    """How often a call is timed: `warmup` untimed calls, then `min_repeats`..`max_repeats` within `budget_s`."""

    warmup: int
    min_repeats: int
    max_repeats: int
    budget_s: float

    def keep_going(self, done: int, spent_s: float) -> bool:
        """Whether another timed call is due after `done` calls that took `spent_s` in total."""
        return done < self.max_repeats and (done < self.min_repeats or spent_s < self.budget_s)


def summarize(times_ms: list[float], warmup_ms: list[float]) -> dict[str, Any]:
    """Median, min, p90 and max of a series of timings (ms), with the raw numbers."""
    ordered = sorted(times_ms)
    p90 = statistics.quantiles(ordered, n=10, method="inclusive")[-1] if len(ordered) > 1 else ordered[0]
    return {
        "median_ms": statistics.median(ordered),
        "min_ms": ordered[0],
        "p90_ms": p90,
        "max_ms": ordered[-1],
        "repeats": len(ordered),
        "warmup_ms": [round(t, 4) for t in warmup_ms],
        "times_ms": [round(t, 4) for t in times_ms],
    }


def time_calls(call: Callable[[], Any], policy: RepeatPolicy) -> tuple[Any, dict[str, Any]]:
    """Time `call` under `policy`; returns the first call's result and the summary."""
    gc.collect()  # start every series with the same heap state
    result, warmup_ms = _NOT_RUN, []
    for _ in range(max(policy.warmup, 1)):
        t0 = time.perf_counter()
        value = call()
        warmup_ms.append((time.perf_counter() - t0) * 1000)
        if result is _NOT_RUN:
            result = value
    times_ms: list[float] = []
    spent = 0.0
    while policy.keep_going(len(times_ms), spent):
        t0 = time.perf_counter()
        call()
        elapsed = time.perf_counter() - t0
        spent += elapsed
        times_ms.append(elapsed * 1000)
    return result, summarize(times_ms, warmup_ms)


async def time_calls_async(call: Callable[[], Awaitable[Any]], policy: RepeatPolicy) -> tuple[Any, dict[str, Any]]:
    """:func:`time_calls` for a coroutine function (each call awaited in turn)."""
    gc.collect()
    result, warmup_ms = _NOT_RUN, []
    for _ in range(max(policy.warmup, 1)):
        t0 = time.perf_counter()
        value = await call()
        warmup_ms.append((time.perf_counter() - t0) * 1000)
        if result is _NOT_RUN:
            result = value
    times_ms: list[float] = []
    spent = 0.0
    while policy.keep_going(len(times_ms), spent):
        t0 = time.perf_counter()
        await call()
        elapsed = time.perf_counter() - t0
        spent += elapsed
        times_ms.append(elapsed * 1000)
    return result, summarize(times_ms, warmup_ms)


_NOT_RUN = object()
