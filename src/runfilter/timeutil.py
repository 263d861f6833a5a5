"""Instants as integer microseconds, Prefect's timestamp format, and request-datetime parsing.

runfilter keeps every timestamp as an ``int`` of microseconds since the Unix
epoch (UTC), or ``None`` for SQL NULL. Integers compare, sort and subtract
exactly and cheaply, which is what filters, sorts and history buckets need;
they become text only when a response is printed.

Request bodies are parsed the way Prefect 3.9.1 (on Python 3.11) parses its
``DateTime`` fields: pydantic's own lax datetime validation first, then, for
strings pydantic refuses, a strict ISO-8601 parser with pendulum's grammar
(ordinal and week dates, compact forms, ``"now"``). The fallback here is our
own implementation of that grammar; see :func:`parse_iso_fallback`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = dt.timedelta(microseconds=1)
US_PER_SECOND = 1_000_000


_EPOCH_ORDINAL = _EPOCH.toordinal()


def to_us(value: dt.datetime) -> int:
    """Microseconds since the epoch of an aware datetime (naive = UTC)."""
    # field arithmetic: about a third cheaper than (value - epoch) // 1 µs
    us = (
        (value.toordinal() - _EPOCH_ORDINAL) * 86400 + value.hour * 3600 + value.minute * 60 + value.second
    ) * US_PER_SECOND + value.microsecond
    offset = value.utcoffset()
    return us - offset // _ONE_US if offset else us


def from_us(us: int) -> dt.datetime:
    """The aware UTC datetime of an epoch-microsecond instant."""
    return _EPOCH + dt.timedelta(microseconds=us)


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
        return to_us(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp")
    try:
        return to_us(dt.datetime.fromisoformat(value))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 timestamp") from None


# --------------------------------------------------------------------------- request datetimes

# pendulum's strict ISO-8601 grammar (date part optional, time part optional).
_ISO_RE = re.compile(
    r"""
    (?P<date>
        (?P<year>\d{4})
        (?: (?P<monthsep>-)? (?P<month>\d{2})
            (?: (?P<daysep>-)? (?P<day>\d{1,2}) )? )?
      | (?P<wyear>\d{4}) (?P<weeksep>-)? W (?P<week>\d{2})
        (?P<wdaysep>-)? (?P<wday>\d)?
    )?
    (?P<time>
        (?P<timesep>[T\ ])?
        (?P<hour>\d{1,2}) (?P<minsep>:)? (?P<minute>\d{1,2})? (?P<secsep>:)? (?P<second>\d{1,2})?
        (?: [.,] (?P<fraction>\d{1,9}) )?
        (?P<tz> [-+]\d{2}:?(?:\d{2})? | Z )?
    )?
    """,
    re.VERBOSE,
)
# pendulum's "common" fallback: 2024/01/02, 2024:01:02, optional " HH:MM[:SS][.f]".
_COMMON_RE = re.compile(
    r"""
    (?P<date> (?P<year>\d{4}) (?: [/:]? (?P<month>\d{2}) (?: [/:]? (?P<day>\d{2}) ) )? )?
    (?P<time> \ ? (?P<hour>\d{1,2}) : (?P<minute>\d{1,2})? (?: : (?P<second>\d{1,2}) )?
        (?: [.|,] (?P<fraction>\d{1,9}) )? )?
    """,
    re.VERBOSE,
)
_DURATION_RE = re.compile(
    r"P(?:\d+(?:[.,]\d+)?W)?(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?"
    r"(?:T(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?"
)
_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365)


class _NotADateTime(ValueError):
    """The text parsed, but as a duration or interval rather than an instant."""


def _fraction_us(fraction: str | None) -> int:
    # pendulum keeps the first six digits and pads on the right
    return int(fraction[:6].ljust(6, "0")) if fraction else 0


def _offset(tz: str | None) -> dt.tzinfo | None:
    if not tz:
        return None
    if tz == "Z":
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _iso_date(m: re.Match[str]) -> tuple[dt.date | None, bool]:
    """The date part of an ISO match, and whether it is an ambiguous ``YYYYMM``."""
    if m.group("wyear"):
        if (m.group("weeksep") and m.group("wday") and not m.group("wdaysep")) or (
            m.group("wdaysep") and not m.group("weeksep")
        ):
            raise ValueError("week date separators do not match")
        weekday = int(m.group("wday") or 1)
        return dt.date.fromisocalendar(int(m.group("wyear")), int(m.group("week")), weekday), False
    year = int(m.group("year"))
    month, day = m.group("month"), m.group("day")
    if month is None:
        return dt.date(year, 1, 1), False
    if day is None:
        return dt.date(year, int(month), 1), not m.group("monthsep")
    if not m.group("daysep") and len(day) == 1:  # ordinal date YYYY-DDD
        ordinal = int(month + day)
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if not 1 <= ordinal <= 365 + leap:
            raise ValueError("ordinal day out of range")
        return dt.date(year, 1, 1) + dt.timedelta(days=ordinal - 1), False
    return dt.date(year, int(month), int(day)), False


def _parse_iso(text: str) -> dt.datetime:
    if _DURATION_RE.fullmatch(text) and text != "P":
        raise _NotADateTime("<class 'pendulum.duration.Duration'>")
    m = _ISO_RE.fullmatch(text)
    if not m or not (m.group("date") or m.group("time")):
        raise ValueError("not ISO 8601")
    date, ambiguous = _iso_date(m) if m.group("date") else (None, False)
    if not m.group("time"):
        if ambiguous:  # "201207" reads as the time 20:12:07 today
            year_month = m.group("year") + m.group("month")
            clock = dt.time(int(year_month[:2]), int(year_month[2:4]), int(year_month[4:]))
            return dt.datetime.combine(dt.date.today(), clock, tzinfo=UTC)
        assert date is not None
        return dt.datetime(date.year, date.month, date.day, tzinfo=UTC)
    if ambiguous or (date is not None and not m.group("timesep")):
        raise ValueError("date and time not separated")
    minsep, secsep = m.group("minsep"), m.group("secsep")
    minute, second = m.group("minute"), m.group("second")
    if (
        (minsep and not minute)
        or (secsep and not minsep and minute)
        or (second and minsep and not secsep)
        or (secsep and not second)
    ):
        raise ValueError("bad time separators")
    clock_parts = (int(m.group("hour")), int(minute or 0), int(second or 0), _fraction_us(m.group("fraction")))
    # a time without a date is put on today's date and loses its offset, as in pendulum
    tzinfo = (_offset(m.group("tz")) or UTC) if date is not None else UTC
    day = date or dt.date.today()
    return dt.datetime(day.year, day.month, day.day, *clock_parts, tzinfo=tzinfo)


def _parse_interval(text: str) -> None:
    first, last = text.split("/")  # more than one "/" raises ValueError, like pendulum
    if not first or not last:
        raise ValueError("empty interval side")
    for side in (first, last):
        if side[:1] != "P":
            _parse_iso(side)
        elif not _DURATION_RE.fullmatch(side):
            raise ValueError("bad duration")
    raise _NotADateTime("<class 'pendulum.interval.Interval'>")


def _parse_common(text: str) -> dt.datetime:
    m = _COMMON_RE.fullmatch(text)
    if not m or not (m.group("date") or m.group("time")):
        raise ValueError("not a common date")
    if m.group("date"):
        day = dt.date(int(m.group("year")), int(m.group("month") or 1), int(m.group("day") or 1))
    else:
        day = dt.date.today()
    if not m.group("time"):
        return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        int(m.group("hour")),
        int(m.group("minute")),
        int(m.group("second") or 0),
        _fraction_us(m.group("fraction")),
        tzinfo=UTC,
    )


def parse_iso_fallback(text: str) -> dt.datetime:
    """Parse what pydantic refused, with pendulum's strict grammar (Prefect on Python ≤ 3.12).

    Order, as pendulum tries them: ISO 8601 (incl. durations), ISO intervals,
    then the "common" ``YYYY/MM/DD HH:MM`` forms. Raises ``ValueError`` with
    pendulum's message when nothing fits.
    """
    if text == "now":
        return dt.datetime.now(UTC)
    for attempt in (_parse_iso, _parse_interval, _parse_common):
        try:
            return attempt(text)  # type: ignore[func-returns-value]
        except _NotADateTime as exc:
            raise ValueError(f"value is not a valid datetime it is a {exc}") from None
        except ValueError:
            continue
    raise ValueError(f"Unable to parse string [{text}]")


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
            parsed = parse_iso_fallback(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


class _RequestDateTimeSchema:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_wrap_validator_function(_validate_request_datetime, core_schema.datetime_schema())


#: The datetime type of request bodies (``before_``, ``after_``, ``history_start``, ...).
RequestDateTime = Annotated[dt.datetime, _RequestDateTimeSchema]
