"""SQLite, Prefect's default database: the rules runfilter reproduces by default.

* ``ILIKE`` folds ASCII letters only (``é`` and ``É`` differ), ``%`` and
  ``_`` are wildcards and backslash is an ordinary character
  (docs/semantics.md#like-and-startswith);
* ``lower()`` folds ASCII letters only too (the log text search);
* NULL sorts before every value; strings compare by code point, which is
  UTF-8 byte order (docs/semantics.md#value-order);
* dates go through Julian days kept in integer milliseconds
  (:mod:`.sqlite_time`), so history sums and the DURATION sorts can differ
  from exact microseconds by a millisecond, exactly as Prefect's answers do
  (docs/semantics.md#history, #duration-sorts).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..errors import INTERNAL_SERVER_ERROR, ServerError
from . import sqlite_time as sq
from .base import DateArithmetic, Dialect, Matcher

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only, as SQLite's ``lower()`` and ``LIKE`` do."""
    return text.translate(_ASCII_LOWER)


#: SQLite's ``SQLITE_MAX_LIKE_PATTERN_LENGTH``: a longer pattern (in UTF-8 bytes) fails the query.
MAX_LIKE_PATTERN_BYTES = 50_000


def like_matcher(pattern: str) -> Matcher:
    """A function telling whether a string matches the SQL LIKE `pattern` under SQLite's ILIKE rules.

    Linear-time (docs/semantics.md#like-and-startswith): the pattern is split
    at ``%`` into segments of literals and ``_``; the first segment must start
    the string, the last must end it, and the others are found leftmost in
    turn, which is exact for these two wildcards. Worst case
    O(len(string) x len(pattern)), no backtracking. SQLite reads both the
    pattern and the string up to their first NUL character, as C strings.
    A pattern over :data:`MAX_LIKE_PATTERN_BYTES` gives a matcher that fails
    the query (Prefect's 500) when it is first used on a row.
    """
    if len(pattern) * 4 > MAX_LIKE_PATTERN_BYTES and len(pattern.encode("utf-8", "surrogatepass")) > (
        MAX_LIKE_PATTERN_BYTES
    ):
        return _pattern_too_complex
    folded = ascii_fold(_c_string(pattern))
    first, *middle_and_last = folded.split("%")
    if not middle_and_last:  # no %: the whole string, segment for segment
        whole = _segment(first)
        return lambda value: whole.fits_exactly(ascii_fold(_c_string(value)))
    *middle, last = middle_and_last
    head, tail = _segment(first), _segment(last)
    inner = [_segment(part) for part in middle if part]
    if not inner and not head.wild and not tail.wild:
        if not last:
            return lambda value: ascii_fold(_c_string(value)).startswith(first)
        if not first and len(inner) == 0:
            return lambda value: ascii_fold(_c_string(value)).endswith(last)

    def matches(value: str) -> bool:
        text = ascii_fold(_c_string(value))
        end = len(text) - len(tail.text)
        if end < len(head.text) or not head.fits_at(text, 0) or not tail.fits_at(text, end):
            return False
        position = len(head.text)
        for segment in inner:
            found = segment.find(text, position, end)
            if found < 0:
                return False
            position = found + len(segment.text)
        return True

    return matches


def _c_string(text: str) -> str:
    """`text` up to its first NUL character, as SQLite's LIKE reads its arguments."""
    nul = text.find("\x00")
    return text if nul < 0 else text[:nul]


class _Segment:
    """A run of a LIKE pattern between two ``%``: literal characters and ``_`` (any one character)."""

    __slots__ = ("regex", "text", "wild")

    def __init__(self, text: str) -> None:
        self.text = text
        self.wild = "_" in text
        # literals and '.' only: a fixed-length regex, so a search is O(len(string) x len(text)) at worst
        self.regex = re.compile("".join("." if ch == "_" else re.escape(ch) for ch in text), re.DOTALL)

    def fits_at(self, text: str, start: int) -> bool:
        if not self.wild:
            return text.startswith(self.text, start)
        return self.regex.match(text, start) is not None

    def fits_exactly(self, text: str) -> bool:
        return len(text) == len(self.text) and self.fits_at(text, 0)

    def find(self, text: str, start: int, end: int) -> int:
        """The leftmost start ``>= start`` at which the segment fits inside ``text[:end]``, or -1."""
        if not self.wild:
            return text.find(self.text, start, end)
        found = self.regex.search(text, start, end)
        return -1 if found is None else found.start()


_segment = _Segment


def _pattern_too_complex(value: str) -> bool:
    """SQLite refuses a LIKE pattern longer than its limit as the first row is tested: Prefect answers 500
    (docs/semantics.md#server-errors)."""
    raise ServerError(500, INTERNAL_SERVER_ERROR, "LIKE or GLOB pattern too complex (HTTP 500)")


#: Seconds from a bucket edge beyond which SQLite's Julian-day difference cannot cross it.
_EDGE_SECONDS = 0.01


def contains_matcher(text: str) -> Matcher:
    """``lower(value) LIKE '%text%' ESCAPE '/'`` with `text` escaped: ``lower()`` and ``LIKE`` fold ASCII only."""
    folded = ascii_fold(text)
    return lambda value: folded in ascii_fold(value)


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

    def bucket_index(self, later_us: int, earlier_us: int, step_seconds: float) -> int:
        """The bucket of the Julian-day difference, without Julian days away from bucket edges.

        SQLite's difference is within about a millisecond of the exact one
        (each instant rounds to the millisecond; the doubles add tens of µs),
        so an instant more than `_EDGE_SECONDS` from an edge is in the exact
        quotient's bucket; near an edge the Julian-day arithmetic decides.
        """
        exact = (later_us - earlier_us) / 1e6 / step_seconds
        index = math.floor(exact)
        if (exact - index) * step_seconds > _EDGE_SECONDS and (index + 1 - exact) * step_seconds > _EDGE_SECONDS:
            return index
        return math.floor(self.diff_seconds(later_us, earlier_us) / step_seconds)
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


_INT64_MIN, _INT64_END = -(2**63), 2**63
#: SQLITE_MAX_FUNCTION_ARG: a tags list is one json_array() call.
_MAX_FUNCTION_ARGS = 127
#: The most startswith_ prefixes whose OR stays within SQLITE_MAX_EXPR_DEPTH (1000).
_MAX_ORED_PREFIXES = 997


class SQLiteDialect(Dialect):
    """Prefect 3.9.1 on SQLite (its default database)."""

    name = "sqlite"
    nulls_first = True
    dates = SQLiteDates()

    def stored_json(self, value: Any) -> Any:
        """A JSON value that is a bare number, as SQLite's NUMERIC affinity stores its text.

        Prefect's JSON columns have the declared type ``JSON``, so SQLite
        converts the serialised text of a top-level number: a float with an
        integral value that fits 64 bits comes back an integer (``90.0`` →
        ``90``), an integer too large for 64 bits a float. Objects, lists,
        strings and booleans are unchanged (docs/semantics.md#artifacts; case
        ``k13_artifacts_reads/read-id-integral-float``).
        """
        if type(value) is float and value.is_integer() and _INT64_MIN <= value < _INT64_END:
            return int(value)
        if type(value) is int and not _INT64_MIN <= value < _INT64_END:
            return float(value)
        return value

    def like_matcher(self, pattern: str) -> Matcher:
        """SQLite ILIKE: ASCII-only case folding, ``%``/``_`` wildcards, no escape character."""
        return like_matcher(pattern)

    def sql_limit_exceeded(self, operand_kind: str, value: Any) -> str | None:
        """SQLite's compile-time limits as Prefect meets them, each its 500 (docs/semantics.md#server-errors;
        cases ``hz_limits``): a tags list is one ``json_array(...)`` call, at most 127 arguments
        (``SQLITE_MAX_FUNCTION_ARG``); ``startswith_`` prefixes are ORed, and 998 of them pass the expression
        depth of 1000; an instant is bound as text and must fall in years 1-9999 once in UTC."""
        if operand_kind == "tags" and isinstance(value, list) and len(value) > _MAX_FUNCTION_ARGS:
            return f"{len(value)} tags: SQLite takes at most {_MAX_FUNCTION_ARGS} arguments to json_array"
        if operand_kind == "prefixes" and isinstance(value, list) and len(value) > _MAX_ORED_PREFIXES:
            return f"{len(value)} prefixes: the expression tree is too deep for SQLite"
        if operand_kind == "instant" and isinstance(value, dt.datetime):
            try:
                offset = value.utcoffset()
            except ServerError:  # an offset of a day or more: its own rule (docs/semantics.md#server-errors)
                return None
            if offset is not None:
                try:
                    value.replace(tzinfo=None) - offset
                except OverflowError:
                    return f"{value.isoformat()} is outside years 1-9999 in UTC"
        return None

    def binds_integer(self, value: int) -> bool:
        """SQLite binds 64-bit signed integers: Prefect validates ``offset`` (and a page's offset) as unbounded
        integers, and the driver's overflow is its 500 (docs/semantics.md#server-errors; cases ``hz_integers``)."""
        return _INT64_MIN <= value < _INT64_END

    def contains_matcher(self, text: str) -> Matcher:
        """SQLite's ``lower()`` and ``LIKE`` fold ASCII letters only; the escaped text has no wildcard."""
        return contains_matcher(text)


#: The SQLite dialect (stateless: one instance serves every store).
SQLITE = SQLiteDialect()

__all__ = ["SQLITE", "SQLiteDates", "SQLiteDialect", "ascii_fold", "contains_matcher", "like_matcher"]
