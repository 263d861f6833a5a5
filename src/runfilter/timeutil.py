"""Instants as integer microseconds, Prefect's timestamp format, and request-datetime parsing.

runfilter keeps every timestamp as an ``int`` of microseconds since the Unix
epoch (UTC), or ``None`` for SQL NULL. Integers compare, sort and subtract
exactly and cheaply, which is what filters, sorts and history buckets need;
they become text only when a response is printed.

Request bodies are parsed the way Prefect 3.9.1 (on Python 3.11) parses its
``DateTime`` fields (:data:`RequestDateTime`): pydantic's own lax datetime
validation first, then, for strings pydantic refuses, pendulum 3.3.0's strict
parser (:func:`parse_iso_fallback`, with the ISO 8601 scanner of
:mod:`runfilter.iso8601`), down to its error messages: ``"Value error, …"``
where pendulum raises a ``ValueError``, the bare ``"value is not a valid
datetime"`` where it raises anything else. pendulum also accepts UTC offsets
of ±24:00 (and any negative one) that Python cannot use; such a value carries
an :class:`UnusableOffset`, whose every use raises the HTTP 500 Prefect fails
with.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from .errors import ServerError
from .iso8601 import Duration, Stamp, scan_iso8601

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = dt.timedelta(microseconds=1)
US_PER_SECOND = 1_000_000


_EPOCH_ORDINAL = _EPOCH.toordinal()


def to_us(value: dt.datetime) -> int:
    """Microseconds since the epoch of an aware datetime (naive = UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return (value - _EPOCH) // _ONE_US
    except TypeError:  # a tzinfo whose utcoffset() is None: naive, so UTC
        return (value.replace(tzinfo=UTC) - _EPOCH) // _ONE_US


_US_PER_DAY = 86_400 * US_PER_SECOND
_DATE_TEXT: dict[int, str] = {}


def format_ts(us: int | None) -> str | None:
    """Print an instant as Prefect does: UTC, ``Z``, microseconds only when non-zero.

    >>> format_ts(0), format_ts(1_500_000)
    ('1970-01-01T00:00:00Z', '1970-01-01T00:00:01.500000Z')
    """
    if us is None:
        return None
    day, rest = divmod(us, _US_PER_DAY)
    date = _DATE_TEXT.get(day)
    if date is None:  # responses print the same few days over and over: cache their text
        d = dt.date.fromordinal(_EPOCH_ORDINAL + day)
        date = _DATE_TEXT[day] = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    second, micro = divmod(rest, US_PER_SECOND)
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    if micro:
        return f"{date}T{hour:02d}:{minute:02d}:{second:02d}.{micro:06d}Z"
    return f"{date}T{hour:02d}:{minute:02d}:{second:02d}Z"


def seconds(us: int) -> float:
    """A microsecond duration as float seconds, rounded exactly like ``timedelta.total_seconds()``."""
    return us / US_PER_SECOND


def parse_dataset_time(value: Any) -> int | None:
    """Parse a dataset timestamp (ISO 8601 string, naive = UTC) into epoch microseconds.

    Raises ``ValueError`` with a short reason for anything else.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _in_stored_range(to_us(value), value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp") from None
    return _in_stored_range(to_us(parsed), value)


#: The instants a database timestamp holds: years 1-9999 in UTC (Prefect refuses to store others).
_STORED_RANGE = range(
    (dt.datetime(1, 1, 1, tzinfo=UTC) - _EPOCH) // _ONE_US,
    (dt.datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC) - _EPOCH) // _ONE_US + 1,
)


def _in_stored_range(us: int, value: Any) -> int:
    if us not in _STORED_RANGE:
        raise ValueError(f"{value!r} is outside years 1-9999 once in UTC")
    return us


# --------------------------------------------------------------------------- request datetimes
#
# pendulum.parse(text, strict=True), as Prefect calls it: "now"; the ISO 8601 scanner
# (runfilter.iso8601); an interval A/B of two scannable sides; the "common" form; else
# "Unable to parse string [text]". A ValueError on the way is Prefect's "Value error, <msg>";
# any other exception its bare "value is not a valid datetime" (NotAValidDateTime here).

#: Python's message when a tzinfo reports an offset of a day or more.
OFFSET_RANGE_MESSAGE = "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)."
_NOT_DATETIME = "value is not a valid datetime it is a <class 'pendulum.{}'>"
_DAY_SECONDS = 86_400
_INT32 = range(-(2**31), 2**31)


class NotAValidDateTime(Exception):
    """pendulum failed with something other than a ``ValueError``: Prefect says only "value is not a valid datetime"."""


class UnusableOffset(dt.tzinfo):
    """A UTC offset of 24 hours or more, which pendulum accepts and Python cannot use.

    Every use of a datetime carrying it (its offset, its instant, aware
    arithmetic) raises the :class:`~runfilter.errors.ServerError` (HTTP 500)
    Prefect fails with when it uses such a value.
    """

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        """Never returns: raises Prefect's HTTP 500."""
        raise ServerError(
            500,
            {"exception_message": "Internal Server Error"},
            f"Prefect would fail with HTTP 500: a request datetime has the UTC offset {self.tzname(None)} "
            f"(pendulum accepts it; Python: {OFFSET_RANGE_MESSAGE})",
        )

    dst = utcoffset

    def tzname(self, when: dt.datetime | None) -> str:
        """The offset as written: ``+24:00``."""
        minutes = abs(self.seconds) // 60
        return f"{'-' if self.seconds < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def has_unusable_offset(value: dt.datetime | None) -> bool:
    """True for a request datetime with an :class:`UnusableOffset` (Prefect answers 500 where it uses it)."""
    return value is not None and isinstance(value.tzinfo, UnusableOffset)


def parse_iso_fallback(text: str) -> dt.datetime:
    """Parse a string pydantic refused with pendulum 3.3.0's strict parser, as Prefect 3.9.1 does.

    Returns an aware datetime (UTC when no offset is given; a time of day
    alone goes on today's local date and loses its offset). Raises
    ``ValueError`` with the message Prefect reports after ``"Value error, "``,
    or :class:`NotAValidDateTime`.
    """
    if text == "now":
        return dt.datetime.now(UTC)
    try:
        scanned = scan_iso8601(text)
    except ValueError:  # refused by the scanner or by Python's constructors: pendulum moves on
        pass
    else:
        if isinstance(scanned, Duration):
            _as_timedelta(scanned)
            raise ValueError(_NOT_DATETIME.format("duration.Duration"))
        if scanned.clock is None or scanned.date is None:
            return dt.datetime.combine(scanned.date or _today(), scanned.clock or dt.time(), tzinfo=UTC)
        return dt.datetime.combine(scanned.date, scanned.clock, tzinfo=_tzinfo(scanned))
    parts = text.split("/")
    if len(parts) == 2 and all(parts):
        try:
            first, last = scan_iso8601(parts[0]), scan_iso8601(parts[1])
        except ValueError:
            pass
        else:
            _build_interval(first, last)
            raise ValueError(_NOT_DATETIME.format("interval.Interval"))
    common = _parse_common(text)
    if common is None:
        raise ValueError(f"Unable to parse string [{text}]")
    if isinstance(common, dt.datetime):
        return common.replace(tzinfo=UTC)
    if isinstance(common, dt.time):
        return dt.datetime.combine(_today(), common, tzinfo=UTC)
    return dt.datetime.combine(common, dt.time(), tzinfo=UTC)


def _today() -> dt.date:
    return dt.datetime.now().date()  # pendulum uses the server's local date


def _tzinfo(stamp: Stamp) -> dt.tzinfo:
    if stamp.offset is None or stamp.utc_named:
        return UTC
    if abs(stamp.offset) >= _DAY_SECONDS:
        return UnusableOffset(stamp.offset)
    return dt.timezone(dt.timedelta(seconds=stamp.offset))


def _as_timedelta(d: Duration) -> dt.timedelta:
    """pendulum's ``duration()`` of a scanned duration (a year is 365 days, a month 30 here)."""
    try:
        return dt.timedelta(
            days=d.days + 365 * d.years + 30 * d.months,
            weeks=d.weeks,
            hours=d.hours,
            minutes=d.minutes,
            seconds=d.seconds,
            microseconds=d.microseconds,
        )
    except OverflowError as exc:
        raise NotAValidDateTime(str(exc)) from None


# YYYY[[/:]MM[/:]DD] and/or [ ]H[H]:[M[M]][:S[S]][.|,f…]; \d is any Unicode digit, as in pendulum's pattern
_COMMON = re.compile(
    r"(?P<date>(?P<year>\d{4})(?P<monthday>[/:]?(?P<month>\d{2})[/:]?(?P<day>\d{2}))?)?"
    r"(?P<time> ?(?P<hour>\d{1,2}):(?P<minute>\d{1,2})?(?::(?P<second>\d{1,2}))?(?:[.|,](?P<fraction>\d{1,9}))?)?"
)


def _parse_common(text: str) -> dt.date | dt.time | dt.datetime | None:
    """pendulum's "common" form (None when it does not match); Python's range errors propagate."""
    m = _COMMON.fullmatch(text)
    if m is None or not (m.group("date") or m.group("time")):
        return None
    year, month, day = int(m.group("year") or 0), 1, 1
    if m.group("monthday"):
        month, day = int(m.group("month")), int(m.group("day"))
    if not m.group("time"):
        return dt.date(year, month, day)
    if m.group("minute") is None:  # "10:" matches; pendulum then fails on int(None)
        raise NotAValidDateTime("no minutes")
    fraction = m.group("fraction")
    clock = (
        int(m.group("hour")),
        int(m.group("minute")),
        int(m.group("second") or 0),
        int(fraction[:6].ljust(6, "0")) if fraction else 0,
    )
    return dt.datetime(year, month, day, *clock) if m.group("date") else dt.time(*clock)


# -- intervals: pendulum builds the Interval before Prefect sees it is not a datetime, and that can
# fail first: a ValueError (a year out of range, an offset of a day or more, a datetime paired with
# a date) or another error (a date or time shifted by a duration, times and dates mixed, overflows).
# The steps below are those of pendulum's DateTime.add, add_duration and Interval.__new__ that can fail.


def _build_interval(first: Stamp | Duration, last: Stamp | Duration) -> None:
    """Raise what pendulum raises while building the interval ``first/last``, if anything."""
    if isinstance(first, Duration):  # duration/end
        _shift(last, first, sign=-1)
    elif isinstance(last, Duration):  # start/duration
        _shift(first, last, sign=1)
    elif first.is_datetime != last.is_datetime:
        raise ValueError("Both start and end of an Interval must have the same type")
    elif not first.is_datetime:
        if first.clock is not None or last.clock is not None:
            raise NotAValidDateTime("times cannot be subtracted")  # date/date is a valid Interval
    elif _zone(first) == _zone(last):  # one timezone object: both ends shifted to UTC by its offset
        offset = _offset(first)
        _minus(_wall(first), offset)
        _minus(_wall(last), offset)
    else:  # an aware subtraction asks both ends for their offsets
        _offset(last)
        _offset(first)


def _zone(stamp: Stamp) -> int | None:
    """pendulum's timezone object for a datetime side: UTC (None) for naive and ``Z``, else one per offset."""
    return None if stamp.offset is None or stamp.utc_named else stamp.offset


def _offset(stamp: Stamp) -> int:
    seconds = _zone(stamp) or 0
    if abs(seconds) >= _DAY_SECONDS:
        raise ValueError(OFFSET_RANGE_MESSAGE)
    return seconds


def _wall(stamp: Stamp) -> dt.datetime:
    return dt.datetime.combine(stamp.date, stamp.clock)  # type: ignore[arg-type]


def _minus(when: dt.datetime, seconds: int) -> dt.datetime:
    try:
        return when - dt.timedelta(seconds=seconds)
    except OverflowError as exc:
        raise NotAValidDateTime(str(exc)) from None


def _shift(anchor: Stamp | Duration, d: Duration, sign: int) -> None:
    """``anchor ± d`` as pendulum's ``DateTime.add``, then the Interval between the two."""
    if isinstance(anchor, Duration):
        raise NotAValidDateTime("a duration has no tzinfo")
    if not anchor.is_datetime:
        raise NotAValidDateTime("Date.add and Time.add do not take every duration unit")
    wall = _wall(anchor)
    steps = (
        sign * d.years,
        sign * d.months,
        sign * (7 * d.weeks + d.days),
        (sign * d.hours, sign * d.minutes, sign * d.seconds, sign * d.microseconds),
    )
    if d.years or d.months or d.weeks or d.days:  # calendar units: the wall clock moves
        shifted = _add_duration(wall, *steps)
    else:  # the UTC instant moves, then goes back to the anchor's offset
        offset = _offset(anchor)
        shifted = _minus(_add_duration(_minus(wall, offset), *steps), -offset)
    offset = _offset(anchor)
    _minus(wall, offset)
    _minus(shifted, offset)


def _add_duration(wall: dt.datetime, years: int, months: int, days: int, clock: tuple[int, ...]) -> dt.datetime:
    """pendulum's ``add_duration``: months and years first (the day clamped to the month), then a timedelta."""
    if abs(months) > 11:
        sign = -1 if months < 0 else 1
        whole_years, rest = divmod(abs(months), 12)
        years, months = years + sign * whole_years, sign * rest
    year, month = wall.year + years, wall.month + months
    if month > 12:
        year, month = year + 1, month - 12
    elif month < 1:
        year, month = year - 1, month + 12
    if year not in _INT32:  # pendulum's leap-year helper takes a 32-bit integer
        raise NotAValidDateTime("year does not fit in 32 bits")
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"year {year} is out of range")
    moved = wall.replace(year=year, month=month, day=min(calendar.monthrange(year, month)[1], wall.day))
    hours, minutes, seconds, microseconds = clock
    try:
        return moved + dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds, microseconds=microseconds)
    except OverflowError as exc:
        raise NotAValidDateTime(str(exc)) from None


def _validate_request_datetime(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> dt.datetime:
    # Reproduces Prefect's DateTime field: pydantic's lax datetime first,
    # then pendulum's strict parser; naive results are UTC.
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = handler(value)
        except ValueError:
            if not isinstance(value, str):
                raise PydanticCustomError("value_error", "value is not a valid datetime") from None
            try:
                parsed = parse_iso_fallback(value)
            except NotAValidDateTime:
                raise PydanticCustomError("value_error", "value is not a valid datetime") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


class _RequestDateTimeSchema:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_wrap_validator_function(_validate_request_datetime, core_schema.datetime_schema())


#: The datetime type of request bodies (``before_``, ``after_``, ``history_start``, ...).
RequestDateTime = Annotated[dt.datetime, _RequestDateTimeSchema]
