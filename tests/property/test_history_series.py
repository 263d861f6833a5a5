"""The bisection-based history series give exactly the per-run aggregation, for any range, interval and clock."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from runfilter import Store, synthetic
from runfilter.history import aggregate_runs, interval_count
from runfilter.history_index import HistorySeries
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
    runs = _STORE.tables[table].values()
    dates = _STORE.dialect.dates
    expected = aggregate_runs(runs, start_us, end_us, count, delta.total_seconds(), now_us, dates)
    assert HistorySeries(runs, dates).aggregate(start_us, end_us, count, delta.total_seconds(), now_us) == expected
