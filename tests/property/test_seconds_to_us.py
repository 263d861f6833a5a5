"""The loader's float-seconds conversion is timedelta's, bit for bit.

`runfilter.entities.runs.plain.seconds_to_us` repeats timedelta's arithmetic
for a float number of seconds instead of building a timedelta; durations
(``total_run_time``) must come out exactly as the general path's
``timedelta(seconds=value)`` gives them, including halfway cases.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from runfilter.entities.runs.plain import seconds_to_us

ONE_US = dt.timedelta(microseconds=1)


def reference(seconds: float) -> int:
    return dt.timedelta(seconds=seconds) // ONE_US


@given(st.floats(min_value=0.0, max_value=1e9, exclude_max=True, allow_nan=False))
@example(0.0)
@example(5e-324)
@example(0.5e-6)
@example(1.5e-6)
@example(2.5e-6)
@example(999_999_999.999_999_5)
def test_any_float_converts_like_timedelta(seconds: float) -> None:
    assert seconds_to_us(seconds) == reference(seconds)


@given(st.integers(0, 10**6), st.integers(0, 10**6 - 1))
def test_values_near_half_a_microsecond_convert_like_timedelta(whole: int, micros: int) -> None:
    # (micros + 0.5) µs lands on or next to a rounding tie: where half-to-even matters
    seconds = whole + (micros + 0.5) / 1e6
    assert seconds_to_us(seconds) == reference(seconds)


def test_ties_do_occur_in_the_halfway_corpus() -> None:
    # the test above is only meaningful if some of its values are exact ties
    ties = [s for s in ((m + 0.5) / 1e6 for m in range(2000)) if (s * 1e6) % 1 == 0.5]
    assert ties
    assert all(seconds_to_us(s) == reference(s) for s in ties)
