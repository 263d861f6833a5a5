"""SQLite's date arithmetic, reproduced bit for bit where Prefect relies on it.

Prefect on SQLite computes some durations in SQL with ``julianday()`` and
``strftime()``. SQLite keeps a Julian day as an integer number of
milliseconds (``iJD``): parsing a timestamp rounds its seconds to the
millisecond (half up), and turning a floating Julian day back into text
rounds it to the millisecond too. The results can differ from exact
microsecond arithmetic by a millisecond; these helpers give the exact
SQLite value, in epoch microseconds, so sorts and history sums agree with
Prefect.
"""

from __future__ import annotations

MS_PER_DAY = 86_400_000.0

#: The Unix epoch as a Julian day number, and in SQLite's integer milliseconds.
EPOCH_JD = 2440587.5
_EPOCH_IJD = 210866760000000


def ijd(us: int) -> int:
    """SQLite's integer-millisecond Julian day of an epoch-µs timestamp.

    SQLite reads ``SS.ffffff`` as the double ``SS + ffffff/1e6`` and rounds
    ``s*1000 + 0.5`` down: "half up", as the double sees it (checked against
    SQLite 3.40.1 on random and half-millisecond timestamps).
    """
    days, rest = divmod(us, 86_400_000_000)
    minute_start = rest - rest % 60_000_000
    second, micro = divmod(rest % 60_000_000, 1_000_000)
    s = second + micro / 1e6
    return _EPOCH_IJD + days * 86_400_000 + minute_start // 1000 + int(s * 1000.0 + 0.5)


def julianday(us: int) -> float:
    """``julianday(ts)`` as SQLite returns it."""
    return ijd(us) / MS_PER_DAY


def ijd_from_real(day: float) -> int:
    """SQLite's conversion of a floating Julian day back to integer milliseconds."""
    return int(day * MS_PER_DAY + 0.5)


def as_us(ijd_value: int) -> int:
    """Epoch µs of an integer-millisecond Julian day."""
    return (ijd_value - _EPOCH_IJD) * 1000


def date_diff(later_jd: float, earlier_jd: float) -> int:
    """``date_diff(a, b)`` on SQLite: the difference of two Julian days, as an integer-ms Julian day past the epoch."""
    return ijd_from_real(EPOCH_JD + later_jd - earlier_jd)


def running_duration_ijd(total_ijd: int, now_jd: float, state_ijd: int) -> int:
    """``interval_add(total_run_time, date_diff(now(), state_timestamp))`` on SQLite, from precomputed Julian days."""
    diff = date_diff(now_jd, state_ijd / MS_PER_DAY)
    return ijd_from_real(EPOCH_JD + (total_ijd / MS_PER_DAY - EPOCH_JD) + (diff / MS_PER_DAY - EPOCH_JD))


def running_duration(total_us: int, now_us: int, state_timestamp_us: int) -> int:
    """``interval_add(total_run_time, date_diff(now(), state_timestamp))`` on SQLite, in µs.

    The value Prefect's task-run ``DURATION_*`` sorts compare for a RUNNING
    run: each step goes through a floating Julian day and millisecond rounding.
    """
    return as_us(running_duration_ijd(ijd(total_us), julianday(now_us), ijd(state_timestamp_us)))


def floor_seconds(ijd_value: int) -> int:
    """``strftime('%s', ...)`` of an integer-ms Julian day: whole seconds since the epoch, floored."""
    return (ijd_value - _EPOCH_IJD) // 1000


def epoch_seconds(us: int) -> int:
    """``strftime('%s', ts)`` of an epoch-µs timestamp: ``floor_seconds(ijd(us))``, faster.

    Only a fraction of 0.999 s or more can round up into the next second
    (``ijd`` rounds to the millisecond), so every other instant skips the
    Julian-day arithmetic. O(1).
    """
    seconds, micro = divmod(us, 1_000_000)
    if micro < 999_000:
        return seconds
    return floor_seconds(ijd(us))
