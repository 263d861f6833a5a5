"""pendulum 3.3.0's compiled ISO 8601 scanner, reimplemented: the grammar behind Prefect's datetime fallback.

:func:`scan_iso8601` accepts exactly what pendulum's ``parse_iso8601`` (its
Rust parser) accepts, and builds the same values: a date, a time of day, a
date and time with an optional UTC offset, or a ``P…`` duration. It raises
:class:`Refused` (a ``ValueError``, which pendulum swallows before trying
its other forms) where the scanner, or Python's date/time constructors it
feeds, would fail. How the results become Prefect's answer is
:func:`runfilter.timeutil.parse_iso_fallback`.

This is our own reading of pendulum's rust/src/parsing.rs, checked string by
string against the installed library. Its quirks are kept on purpose:

* dates: ``YYYY-MM-DD``, ``YYYYMMDD``, ``YYYY-MM``, ordinal ``YYYY-DDD`` /
  ``YYYYDDD``, week ``YYYY-Www[-D]`` / ``YYYYWww[D]``; week 00 and week day 0
  are allowed and count back from week 1 day 1; a bare ``YYYY`` is refused;
* times after ``T`` or a space: ``hh``, ``hh:mm[:ss]`` or ``hhmm[ss]``, two
  digits each; basic and extended forms may not be mixed once seconds are
  present (an extended date refuses any basic minutes); a fraction belongs
  to seconds only and may have any number of digits (six are kept);
* a time alone: ``hh:mm[:ss]`` (extended) or ``Thh[mm[ss]]`` / ``Thh:mm`` (basic);
* offsets ``Z``, ``±hh``, ``±hh:``, ``±hh[:]mm``: a positive one may not exceed
  +24:00, a negative one is never checked (Python cannot use either past 23:59);
* durations ``P[nY][nM][nW][nD][T[nH][nM][nS]]`` with pendulum's tolerances
  (units may repeat; only the last may have a fraction; 32-bit wrapping counters).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

_U32 = 0xFFFF_FFFF
_DIGITS = "0123456789"


class Refused(ValueError):
    """The scanner (or Python's date/time constructors) rejected the text; pendulum moves on."""


# --------------------------------------------------------------------------- what the scanner builds


@dataclass(frozen=True)
class Stamp:
    """A scanned date and/or time of day, validated by Python's constructors.

    ``offset`` is in seconds (None = no offset given); ``utc_named`` is True for ``Z``.
    """

    date: dt.date | None
    clock: dt.time | None
    offset: int | None = None
    utc_named: bool = False

    @property
    def is_datetime(self) -> bool:
        """Both a date and a time: pendulum's DateTime (the others are Date and Time)."""
        return self.date is not None and self.clock is not None


@dataclass(frozen=True)
class Duration:
    """A scanned ``P…`` duration, components as the scanner keeps them (unsigned 32-bit, wrapping)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0
    microseconds: int = 0


class _Cursor:
    """The scanner's position in the text; :meth:`peek` is ``""`` at the end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def advance(self) -> None:
        self.pos += 1

    def number(self, width: int) -> int:
        """Exactly `width` ASCII digits."""
        chunk = self.text[self.pos : self.pos + width]
        if len(chunk) != width or any(c not in _DIGITS for c in chunk):
            raise Refused("expected digits")
        self.pos += width
        return int(chunk)

    def expect_time_or_end(self) -> bool:
        """True when the date part is over: end of text, or a ``T``/space introducing the time."""
        return self.at_end() or self.peek() in ("T", " ")


def scan_iso8601(text: str) -> Stamp | Duration:
    """pendulum's compiled ISO 8601 scanner; raises :class:`Refused` (a ``ValueError``) when it would fail."""
    cur = _Cursor(text)
    if cur.peek() == "P":
        return _scan_duration(cur)
    if cur.peek() == "T":  # a time of day alone, in basic form (extended seconds are refused)
        fields = _scan_time(cur, hour=None, extended_date=False)
        return _finish(cur, None, fields)
    lead = cur.number(2)
    if cur.peek() == ":":  # hh:mm[:ss] alone
        return _finish(cur, None, _scan_time(cur, hour=lead, extended_date=True))
    year = lead * 100 + cur.number(2)
    extended = cur.peek() == "-"
    if extended:
        cur.advance()
    if cur.peek() == "W":
        cur.advance()
        week, weekday = cur.number(2), 1
        if not cur.expect_time_or_end():
            if extended:
                if cur.peek() != "-":
                    raise Refused("week day separator")
                cur.advance()
            weekday = cur.number(1)
        day = _week_date(year, week, weekday)
    elif extended:
        month = cur.number(2)
        if cur.expect_time_or_end():
            day = (year, month, 1)
        elif cur.peek() == "-":
            cur.advance()
            day = (year, month, cur.number(2))
        else:  # YYYY-DDD
            day = _ordinal_date(year, month * 10 + cur.number(1), lenient=False)
    else:
        month, third = cur.number(2), cur.number(1)
        if cur.expect_time_or_end():  # YYYYDDD
            day = _ordinal_date(year, month * 10 + third, lenient=False)
        else:
            day = (year, month, third * 10 + cur.number(1))
    fields = None if cur.at_end() else _scan_time(cur, hour=None, extended_date=extended)
    return _finish(cur, day, fields)


def _finish(cur: _Cursor, day: tuple[int, int, int] | None, fields: tuple | None) -> Stamp:
    """Check that nothing is left (an interval's ``/`` included) and build the Python values."""
    if not cur.at_end():
        raise Refused("unconverted data remains")
    date = None if day is None else dt.date(*day)  # ValueError (a Refused situation) for year 0, month 13, ...
    if fields is None:
        return Stamp(date, None)
    hour, minute, second, micro, offset, utc_named = fields
    return Stamp(date, dt.time(hour, minute, second, micro), offset, utc_named)


def _scan_time(cur: _Cursor, hour: int | None, extended_date: bool) -> tuple:
    """``[T| ]hh[mm[ss[.f]]]`` or ``hh:mm[:ss[.f]]``, then the offset; `hour` is given when already read."""
    if hour is None:
        if cur.peek() not in ("T", " "):
            raise Refused("date and time separator")
        cur.advance()
        hour = cur.number(2)
    minute = second = micro = 0
    if not cur.at_end() and cur.peek() not in ("Z", "+", "-"):
        if cur.peek() == ":":
            cur.advance()
            minute = cur.number(2)
            if not cur.at_end() and cur.peek() not in ("Z", "+", "-"):
                if cur.peek() != ":":
                    raise Refused("time separator")
                cur.advance()
                second = cur.number(2)
                micro = _scan_fraction(cur)
                if not extended_date:
                    raise Refused("basic date with extended time")
        else:
            minute = cur.number(2)
            if not cur.at_end() and cur.peek() not in ("Z", "+", "-"):
                second = cur.number(2)
                micro = _scan_fraction(cur)
            if extended_date:
                raise Refused("extended date with basic time")
    offset, utc_named = _scan_offset(cur)
    return hour, minute, second, micro, offset, utc_named


def _scan_fraction(cur: _Cursor) -> int:
    """``.ffff…`` or ``,ffff…``: at least one digit, the first six kept, the rest skipped."""
    if cur.peek() not in (".", ","):
        return 0
    cur.advance()
    start = cur.pos
    while cur.peek() and cur.peek() in _DIGITS:
        cur.advance()
    digits = cur.text[start : cur.pos]
    if not digits:
        raise Refused("fraction without digits")
    return int(digits[:6].ljust(6, "0"))


def _scan_offset(cur: _Cursor) -> tuple[int | None, bool]:
    """``Z``, ``±hh``, ``±hh:``, ``±hh[:]mm`` → (seconds, named UTC); only positive offsets are range-checked."""
    if cur.peek() == "Z":
        cur.advance()
        return 0, True
    if cur.peek() not in ("+", "-"):
        return None, False
    sign = -1 if cur.peek() == "-" else 1
    cur.advance()
    hours = cur.number(2)
    if cur.peek() == ":":
        cur.advance()
    minutes = 0 if cur.at_end() else cur.number(2)
    total = sign * (hours * 60 + minutes)
    if total > 24 * 60:
        raise Refused("offset too large")
    return total * 60, False


# --------------------------------------------------------------------------- calendar helpers


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_year(year: int) -> int:
    return 366 if _is_leap(year) else 365


def _has_53_weeks(year: int) -> bool:
    return dt.date(year, 12, 28).isocalendar()[1] == 53


def _week_date(year: int, week: int, weekday: int) -> tuple[int, int, int]:
    """ISO week date → (year, month, day); week 0 and day 0 are allowed and count backwards."""
    if not 1 <= year <= 9999:
        raise Refused("year out of range")  # pendulum ends with an invalid date there too
    if week > 53 or (week == 53 and not _has_53_weeks(year)):
        raise Refused("week out of range")
    if weekday > 7:
        raise Refused("week day out of range")
    jan4_weekday = dt.date(year, 1, 4).isoweekday()
    return _ordinal_date(year, week * 7 + weekday - (jan4_weekday + 3), lenient=True)


def _ordinal_date(year: int, ordinal: int, lenient: bool) -> tuple[int, int, int]:
    """Day `ordinal` of `year`; `lenient` lets it spill into the year before or after (week dates)."""
    if ordinal < 1:
        if not lenient or year <= 1:
            raise Refused("ordinal day too small")
        year -= 1
        ordinal += _days_in_year(year)
    elif ordinal > _days_in_year(year):
        if not lenient:
            raise Refused("ordinal day too large")
        ordinal -= _days_in_year(year)
        year += 1
    if not 1 <= year <= 9999:
        raise Refused("year out of range")
    day = dt.date(year, 1, 1) + dt.timedelta(days=ordinal - 1)
    return day.year, day.month, day.day


# --------------------------------------------------------------------------- durations


def _u32(value: int) -> int:
    return value & _U32


def _u32_of_float(value: float) -> int:
    """A float → unsigned 32-bit integer the way Rust's ``as u32`` saturates (NaN → 0)."""
    if math.isnan(value) or value <= 0:
        return 0
    return _U32 if value >= _U32 else int(value)


def _round_half_away(value: float) -> float:
    """Rust's ``f64::round`` for non-negative values: halves go up (Python's ``round`` would go to even)."""
    if not math.isfinite(value):
        return value
    floor = math.floor(value)
    return floor + 1.0 if value - floor >= 0.5 else float(floor)


def _duration_number(cur: _Cursor) -> tuple[int, float | None]:
    """Digits (kept modulo 2³², as the scanner's counter wraps) and an optional ``.``/``,`` fraction."""
    if not (cur.peek() and cur.peek() in _DIGITS):
        raise Refused("invalid number in duration")
    value = 0
    while cur.peek() and cur.peek() in _DIGITS:
        value = _u32(value * 10 + int(cur.peek()))
        cur.advance()
    if cur.peek() not in (".", ","):
        return value, None
    cur.advance()
    numerator, denominator = 0.0, 1.0
    while cur.peek() and cur.peek() in _DIGITS:
        numerator = numerator * 10.0 + int(cur.peek())
        denominator *= 10.0
        cur.advance()
    return value, numerator / denominator


def _scan_duration(cur: _Cursor) -> Duration:
    """``P[nY][nM][nW][nD][T[nH][nM][nS]]`` with pendulum's tolerances (repeats add up or overwrite)."""
    cur.advance()
    c = {"years": 0, "months": 0, "weeks": 0, "days": 0, "hours": 0, "minutes": 0, "seconds": 0, "microseconds": 0}
    in_time = earlier_fraction = False
    while True:
        if cur.peek() == "T":
            if in_time:
                raise Refused("repeated T in duration")
            in_time = True
        else:
            value, fraction = _duration_number(cur)
            if earlier_fraction:
                raise Refused("only the last duration unit may have a fraction")
            earlier_fraction = fraction is not None
            _add_duration_unit(c, cur.peek(), in_time, value, fraction)
        cur.advance()
        if cur.at_end():
            return Duration(**c)


def _add_duration_unit(c: dict[str, int], unit: str, in_time: bool, value: int, fraction: float | None) -> None:
    def add(name: str, amount: int) -> None:
        c[name] = _u32(c[name] + amount)

    def spill(amount: float, names: tuple[str, ...], factors: tuple[float, ...], rounded_from: int) -> None:
        # a fraction flows into the smaller units; from the `rounded_from`-th step on, each carry is rounded
        for step, (name, factor) in enumerate(zip(names, factors, strict=True)):
            scaled = amount * factor
            if step >= rounded_from:
                scaled = _round_half_away(scaled)
            whole = math.trunc(scaled) if math.isfinite(scaled) else scaled
            add(name, _u32_of_float(whole))
            amount = scaled - whole if math.isfinite(scaled) else math.nan

    if in_time:
        if unit == "H":
            if c["minutes"] or c["seconds"] or c["microseconds"]:
                raise Refused("duration units out of order")
            add("hours", value)
            if fraction is not None:
                spill(fraction, ("minutes", "seconds", "microseconds"), (60.0, 60.0, 1e6), 1)
        elif unit == "M":
            if c["seconds"] or c["microseconds"]:
                raise Refused("duration units out of order")
            add("minutes", value)
            if fraction is not None:
                spill(fraction, ("seconds", "microseconds"), (60.0, 1e6), 1)
        elif unit == "S":
            c["seconds"] = value
            if fraction is not None:
                add("microseconds", _u32_of_float(_round_half_away(fraction * 1e6)))
        else:
            raise Refused("invalid duration time unit")
        return
    if unit in ("Y", "M") and fraction is not None:
        raise Refused("fractional years and months are not supported")
    if unit == "Y":
        if c["months"] or c["days"]:
            raise Refused("duration units out of order")
        c["years"] = value
    elif unit == "M":
        if c["days"]:
            raise Refused("duration units out of order")
        c["months"] = value
    elif unit == "W":
        if c["years"] or c["months"]:
            raise Refused("basic format durations cannot have weeks")
        c["weeks"] = value
        if fraction is not None:
            spill(fraction, ("days", "hours", "minutes", "seconds", "microseconds"), (7.0, 24.0, 60.0, 60.0, 1e6), 2)
    elif unit == "D":
        if c["weeks"]:
            raise Refused("week format durations cannot have days")
        add("days", value)
        if fraction is not None:
            spill(fraction, ("hours", "minutes", "seconds", "microseconds"), (24.0, 60.0, 60.0, 1e6), 1)
    else:
        raise Refused("invalid duration unit")
