"""The bisection-based history series give exactly the per-run aggregation, for any range, interval and clock."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from runfilter import Store, synthetic
from runfilter.entities.runs.history import Window, aggregate_runs, interval_count
from runfilter.indexes import history_series
from runfilter.indexes.history_series import HistorySeries, rebuild_threshold
from runfilter.timeutil import to_us

_DATA = synthetic.generate(400, seed=7)
_STORE = Store.from_dataset(_DATA, now=synthetic.NOW)
_WINDOW = to_us(synthetic.WINDOW_START)


@settings(max_examples=300, deadline=None)
@given(
    table=st.sampled_from(["flow_runs", "task_runs"]),
    start_offset_us=st.integers(-3 * 86_400_000_000, 20 * 86_400_000_000),
    sub_ms=st.sampled_from([0, 400, 499, 500, 501, 999_600]),
    interval=st.sampled_from([1.0, 1.1, 1.3, 59.9999999, 3600.0, 3600.0004, 86400.0, 7 * 86400.0, 1e6]),
    span=st.floats(min_value=-10.0, max_value=40 * 86400.0),
    now_offset_s=st.integers(-10 * 86400, 40 * 86400),
)
def test_series_aggregate_equals_per_run_aggregate(table, start_offset_us, sub_ms, interval, span, now_offset_s):
    start_us = _WINDOW + start_offset_us + sub_ms
    start = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=start_us)
    delta = dt.timedelta(seconds=interval)
    count = interval_count(start, start + dt.timedelta(seconds=span), delta)
    end_us = to_us(start + count * delta)
    now_us = _WINDOW + now_offset_s * 1_000_000
    records = _STORE.tables[table]
    dates = _STORE.dialect.dates
    window = Window(start_us, end_us, count, delta.total_seconds(), now_us)
    expected = aggregate_runs(records.values(), window, dates)
    series = HistorySeries(table, records, dates)
    assert series.aggregate(window) == expected


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    changes=st.integers(1, 40),
    interval=st.sampled_from([3600.0, 86400.0, 1.3]),
    now_offset_s=st.integers(0, 40 * 86400),
    threshold=st.sampled_from([None, 0, 5]),
)
def test_pending_changes_aggregate_like_a_fresh_series(data, changes, interval, now_offset_s, threshold):
    # a commit's runs stay pending (added and removed lists) until the next rebuild; both must agree with
    # the per-run formula over the table as it is now, below and above the rebuild threshold
    table = dict(_STORE.tables["flow_runs"])
    dates = _STORE.dialect.dates
    series = HistorySeries("flow_runs", table, dates)
    ids = sorted(table)
    for step in range(changes):
        old = table.pop(data.draw(st.sampled_from(ids), label=f"removed {step}"))
        ids.remove(old.id)
        shift = data.draw(st.integers(-5 * 86_400_000_000, 5 * 86_400_000_000), label="shift")
        expected = None if old.expected_start_time is None else old.expected_start_time + shift
        state = data.draw(st.sampled_from(["RUNNING", "COMPLETED", "SCHEDULED", "FAILED"]), label="state")
        new = dataclasses.replace(old, id=f"{old.id[:-4]}beef", expected_start_time=expected, state_type=state)
        series.apply("flow_runs", [old], [])
        if data.draw(st.booleans(), label="re-added"):
            table[new.id] = new
            ids.append(new.id)
            series.apply("flow_runs", [], [new])
    start_us = _WINDOW
    count = 30
    end_us = start_us + int(count * interval * 1_000_000)
    now_us = _WINDOW + now_offset_s * 1_000_000
    window = Window(start_us, end_us, count, interval, now_us)
    expected = aggregate_runs(table.values(), window, dates)
    with mock.patch.object(history_series, "rebuild_threshold", lambda n: threshold) if threshold is not None else (
        contextlib.nullcontext()
    ):
        assert series.aggregate(window) == expected
        assert series.aggregate(window) == expected  # after a rebuild too


def test_the_rebuild_threshold_grows_with_the_table() -> None:
    assert rebuild_threshold(0) == rebuild_threshold(10_000) == 1024
    assert rebuild_threshold(100_000) == 1562
