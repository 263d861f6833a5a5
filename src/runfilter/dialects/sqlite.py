"""SQLite, Prefect's default database: the rules runfilter reproduces by default.

* ``ILIKE`` folds ASCII letters only (``é`` and ``É`` differ), ``%`` and
  ``_`` are wildcards and backslash is an ordinary character
  (docs/semantics.md#like-and-startswith);
* NULL sorts before every value; strings compare by code point, which is
  UTF-8 byte order (docs/semantics.md#value-order);
* dates go through Julian days kept in integer milliseconds
  (:mod:`.sqlite_time`), so history sums and the DURATION sorts can differ
  from exact microseconds by a millisecond, exactly as Prefect's answers do
  (docs/semantics.md#history, #duration-sorts).
"""

from __future__ import annotations

import math
import re

from . import sqlite_time as sq
from .base import DateArithmetic, Dialect, Matcher

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only, as SQLite's ``lower()`` and ``LIKE`` do."""
    return text.translate(_ASCII_LOWER)


def like_matcher(pattern: str) -> Matcher:
    """A function telling whether a string matches the SQL LIKE `pattern` under SQLite's ILIKE rules.

    Common shapes skip the regex: ``%text%`` is a substring test and
    ``text%`` a prefix test when ``text`` has no wildcard of its own.
    """
    folded = ascii_fold(pattern)
    inner = folded[1:-1] if len(folded) >= 2 and folded[0] == "%" and folded[-1] == "%" else None
    if inner is not None and "%" not in inner and "_" not in inner:
        return lambda value: inner in ascii_fold(value)
    head = folded[:-1] if folded.endswith("%") else None
    if head is not None and "%" not in head and "_" not in head:
        return lambda value: ascii_fold(value).startswith(head)
    regex = re.compile("".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in folded), re.DOTALL)
    return lambda value: regex.fullmatch(ascii_fold(value)) is not None


class SQLiteDates(DateArithmetic):
    """SQLite's arithmetic: Julian days in integer milliseconds, rounded at every step."""

    def time_key(self, us: int) -> int:
        """``julianday(t)`` in integer milliseconds."""
        return sq.ijd(us)

    def bucket(self, key: int, start_key: int, seconds_per_bucket: float) -> int:
        """``floor(round((julianday(t) - julianday(start)) * 86400, 3) / interval)``."""
        return math.floor(((key - start_key) / 1000) / seconds_per_bucket)

    def interval_seconds(self, interval_us: int) -> int:
        """``strftime('%s', interval)``: the interval read as a Julian day, whole seconds floored."""
        return sq.floor_seconds(sq.ijd(interval_us))

    def clock(self, now_us: int) -> tuple[float, int]:
        """``julianday(now())`` and now as SQL prints it (millisecond precision)."""
        return sq.julianday(now_us), sq.as_us(sq.ijd(now_us))

    def running_parts(self, total_us: int, since_us: int) -> tuple[int, int]:
        """The Julian days of the total and of the instant the run started running."""
        return sq.ijd(total_us), sq.ijd(since_us)

    def running_seconds(self, parts: tuple[int, int], clock: tuple[float, int]) -> int:
        """``interval_add(total, date_diff(now(), since))``, whole seconds floored."""
        return sq.floor_seconds(sq.running_duration_ijd(parts[0], clock[0], parts[1]))

    def running_us(self, total_us: int, now_us: int, since_us: int) -> int:
        """``interval_add(total, date_diff(now(), since))`` in µs (millisecond-rounded at each step)."""
        return sq.running_duration(total_us, now_us, since_us)

    def late_seconds(self, later_us: int, earlier_us: int) -> int:
        """``date_diff(later, earlier)``, whole seconds floored."""
        return sq.floor_seconds(sq.date_diff(sq.julianday(later_us), sq.julianday(earlier_us)))

    def open_late_seconds(self, expected_key: int, clock: tuple[float, int]) -> int:
        """``date_diff(now(), expected)``, whole seconds floored."""
        return sq.floor_seconds(sq.date_diff(clock[0], expected_key / sq.MS_PER_DAY))

    def now_us(self, clock: tuple[float, int]) -> int:
        """SQL ``now()`` is printed with millisecond precision before it is compared."""
        return clock[1]

    def diff_seconds(self, later_us: int, earlier_us: int) -> float:
        """``(julianday(later) - julianday(earlier)) * 86400.0``, in floating point as SQLite does it."""
        return (sq.julianday(later_us) - sq.julianday(earlier_us)) * 86400.0

    def scaled_diff_seconds(self, factor: float, later_us: int, earlier_us: int) -> float:
        """``factor * (julianday(later) - julianday(earlier)) * 86400.0``, left to right as SQLite evaluates it."""
        return factor * (sq.julianday(later_us) - sq.julianday(earlier_us)) * 86400.0

    def run_lateness(self, start_us: int | None, expected_us: int | None, waiting: bool, now_us: int) -> float:
        """Prefect's SQLite formula: ``strftime('%s', ...)`` differences, whole seconds.

        "Past" compares the stored text with ``datetime('now')``, which has no
        fraction of a second: an expected start within the current second is
        not yet past.
        """
        if expected_us is None:
            return 0
        if start_us is not None:
            if start_us <= expected_us:
                return 0
            return sq.epoch_seconds(start_us) - sq.epoch_seconds(expected_us)
        if not waiting:
            return 0
        now_second = sq.epoch_seconds(now_us)
        if expected_us // 1_000_000 < now_second:
            return now_second - sq.epoch_seconds(expected_us)
        return 0


class SQLiteDialect(Dialect):
    """Prefect 3.9.1 on SQLite (its default database)."""

    name = "sqlite"
    nulls_first = True
    dates = SQLiteDates()

    def like_matcher(self, pattern: str) -> Matcher:
        """SQLite ILIKE: ASCII-only case folding, ``%``/``_`` wildcards, no escape character."""
        return like_matcher(pattern)


#: The SQLite dialect (stateless: one instance serves every store).
SQLITE = SQLiteDialect()

__all__ = ["SQLITE", "SQLiteDates", "SQLiteDialect", "ascii_fold", "like_matcher"]
