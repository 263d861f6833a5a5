"""Request-datetime parsing (``runfilter.timeutil`` / ``runfilter.iso8601``) against Prefect's own ``DateTime`` type.

Prefect 3.9.1 on Python 3.11 validates ``before_``/``after_``/history bounds
with pydantic's lax datetime first and pendulum 3.3.0's strict parser second;
runfilter reimplements that parser (``parse_iso_fallback``).

* :data:`PINNED` holds one group of cases per rule of the grammar, each a
  fact observed on Prefect 3.9.1; the plain tests check runfilter against
  them without the oracle, and one oracle test checks that they still are
  Prefect's answers.
* The differential test (marker ``oracle``) generates strings from and
  around the grammar — calendar, ordinal and week dates, basic and extended
  forms mixed or not, fractions, offsets up to and past ±24:00, durations,
  intervals, "common" dates, out-of-range fields, junk — and checks that
  runfilter and Prefect's type (through the oracle worker) agree on
  accept/reject, on the instant, and on the exact error type, message and
  context. ``RUNFILTER_DATETIME_EXAMPLES`` sets its size (default 60
  examples of 10–25 strings).
* A ±24:00 offset (or any negative one past -24:00) is accepted by pendulum
  and unusable afterwards: both sides "crash" when the instant is computed,
  and requests using such a value answer HTTP 500 (tested at the end, and
  against Prefect in ``test_live_differential.py``).

Inputs without a date (a bare time, ``"now"``) depend on the wall clock on
both sides: for those the time of day must agree exactly and the date within
a day, and ``"now"`` within a minute.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle_support import shared_oracle
from pydantic import TypeAdapter, ValidationError

from runfilter import Store
from runfilter.errors import ServerError
from runfilter.naive import naive_request
from runfilter.timeutil import (
    OFFSET_RANGE_MESSAGE,
    NotAValidDateTime,
    RequestDateTime,
    has_unusable_offset,
    parse_iso_fallback,
    to_us,
)

_ADAPTER = TypeAdapter(RequestDateTime)
_DAY_US = 86_400_000_000
UTC = dt.UTC
#: What both sides report when the instant of a ±24:00 datetime is computed (the oracle worker's "crash").
CRASH = {"crash": f"ValueError: {OFFSET_RANGE_MESSAGE}"}


def runfilter_parse(value: Any) -> dict[str, Any]:
    """runfilter's verdict in the worker's format: ``{"us": ...}``, ``{"errors": [...]}`` or :data:`CRASH`."""
    try:
        parsed = _ADAPTER.validate_python(value)
    except ValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            item = {"type": error["type"], "msg": error["msg"]}
            if "ctx" in error:
                item["ctx"] = {k: {} if isinstance(v, BaseException) else v for k, v in error["ctx"].items()}
            errors.append(item)
        return {"errors": errors}
    try:
        return {"us": to_us(parsed)}
    except ServerError:
        return dict(CRASH)


def _us(*args: int) -> int:
    return to_us(dt.datetime(*args, tzinfo=UTC))


# --------------------------------------------------------------------------- pinned cases (facts about Prefect)


class Today(NamedTuple):
    """Accepted as this time of day (UTC) on today's date."""

    hour: int
    minute: int
    second: int = 0
    microsecond: int = 0


UNABLE = "Unable to parse string"  # → "Value error, Unable to parse string [<text>]"
PLAIN = "plain"  # → the bare "value is not a valid datetime" (no prefix, no ctx)
DURATION = "value is not a valid datetime it is a <class 'pendulum.duration.Duration'>"
INTERVAL = "value is not a valid datetime it is a <class 'pendulum.interval.Interval'>"

#: rule → [(input, expected)]; expected is epoch µs, Today(...), CRASH, PLAIN, UNABLE or a ValueError message.
PINNED: dict[str, list[tuple[Any, Any]]] = {
    "pydantic first (RFC 3339, epoch numbers)": [
        ("2024-01-01", _us(2024, 1, 1)),
        ("2024-01-01T00:00:00+01:00", _us(2023, 12, 31, 23)),
        ("2024-01-01 10:20:30Z", _us(2024, 1, 1, 10, 20, 30)),
        ("20240101", _us(1970, 8, 23, 6, 15, 1)),
        ("2024", _us(1970, 1, 1, 0, 33, 44)),
        (1700000000, _us(2023, 11, 14, 22, 13, 20)),
        (20000000001, _us(1970, 8, 20, 11, 33, 20, 1000)),
        (True, PLAIN),
        ([2024], PLAIN),
    ],
    "calendar, ordinal and week dates": [
        ("20240101T000000Z", _us(2024, 1, 1)),
        ("2024-001", _us(2024, 1, 1)),
        ("2024-366", _us(2024, 12, 31)),
        ("2024-W01-1", _us(2024, 1, 1)),
        ("2024W017", _us(2024, 1, 7)),
        ("2024-W01", _us(2024, 1, 1)),
        ("2020-W53-7", _us(2021, 1, 3)),
        ("2021-W53-1", UNABLE),
        ("2024-W01-8", UNABLE),
        ("2024-W011", UNABLE),
        ("2024W01-1", UNABLE),
        ("2023-366", UNABLE),
        ("2024-000", UNABLE),
        ("2024-13-01", UNABLE),
        ("2024-01-01T24:00:00Z", UNABLE),
    ],
    "week 00 and week day 0 count back from week 1 day 1": [
        ("2023-W03-0", _us(2023, 1, 15)),
        ("2023W030", _us(2023, 1, 15)),
        ("1999W007", _us(1999, 1, 3)),
        ("2023-W00-1", _us(2022, 12, 26)),
        ("2024W010", _us(2023, 12, 31)),
        ("0001-W01-1", _us(1, 1, 1)),
        ("0001-W00-7", UNABLE),
    ],
    "basic and extended forms mix only without seconds": [
        ("2024-01-01T0948", UNABLE),
        ("2024-01-01T094800", UNABLE),
        ("20240101T09:48:00", UNABLE),
        ("2024W017T10:00:00", UNABLE),
        ("20240101T09:48", _us(2024, 1, 1, 9, 48)),
        ("20240101T0948", _us(2024, 1, 1, 9, 48)),
        ("2024-01-01T10", _us(2024, 1, 1, 10)),
        ("20240101T10Z", _us(2024, 1, 1, 10)),
    ],
    "fractions of seconds only, any number of digits, six kept": [
        ("2024-01-01T12:30.5", UNABLE),
        ("2024-01-01T12.5", UNABLE),
        ("2024-01-01T12:30:00.Z", UNABLE),
        ("2024-01-01T12:30:00.5Z", _us(2024, 1, 1, 12, 30, 0, 500000)),
        ("2024-01-01T00:00:00.123456789Z", _us(2024, 1, 1, 0, 0, 0, 123456)),
        ("20240211T195925.9951111191", _us(2024, 2, 11, 19, 59, 25, 995111)),
        ("2024-01-01T12:30:00,123456789123Z", _us(2024, 1, 1, 12, 30, 0, 123456)),
        ("13:30:33,0015905901", Today(13, 30, 33, 1590)),
    ],
    "two-digit days and hours (the common form allows a one-digit hour)": [
        ("2024-01-9", UNABLE),
        ("2024-01-01T7:12:00", UNABLE),
        ("2024-01-01 7:12", UNABLE),
        ("2024/01/02 7:12", _us(2024, 1, 2, 7, 12)),
    ],
    "a bare year then a time": [
        ("2024T10:00:00", UNABLE),
        ("2024 10:00:00Z", UNABLE),
        ("2024 10:00:00", _us(2024, 1, 1, 10)),
    ],
    "times without a date go on today's date, offset dropped": [
        ("T12:30", Today(12, 30)),
        ("T1230", Today(12, 30)),
        ("12:30:45", Today(12, 30, 45)),
        (" 12:30", Today(12, 30)),
        ("12:30+05:00", Today(12, 30)),
        ("12:30+24:00", Today(12, 30)),
        ("T12:30:00", UNABLE),
        ("T12:30:00.5", UNABLE),
        (" 12", UNABLE),
        (" 1230", UNABLE),
        ("0001Z", UNABLE),
    ],
    "leading spaces": [
        (" 2024-01-01", UNABLE),
        (" 2024", UNABLE),
        (" 2024-02", UNABLE),
        (" 03:05Z", UNABLE),
    ],
    "out of range: Python datetime's own message": [
        ("24:07", "hour must be in 0..23"),
        ("20:60", "minute must be in 0..59"),
        ("2024/13/01", "month must be in 1..12"),
        ("2024/02/30", "day is out of range for month"),
        ("1999/12/11 15:61:12", "minute must be in 0..59"),
        ("0000/01/01", "year 0 is out of range"),
    ],
    "the common form": [
        ("2024/01/02", _us(2024, 1, 2)),
        ("2024:01:02", _us(2024, 1, 2)),
        ("2024/0102", _us(2024, 1, 2)),
        ("20240102 10:30", _us(2024, 1, 2, 10, 30)),
        ("2024/01/02 10:30|5", _us(2024, 1, 2, 10, 30, 0, 500000)),
        ("\u0662\u0660\u0662\u0664/01/02", _us(2024, 1, 2)),  # Arabic-Indic digits: Python's \d
        ("2024/01/02 10:", PLAIN),
        ("10:", PLAIN),
        ("junk", UNABLE),
    ],
    "durations are not datetimes": [
        ("P1D", DURATION),
        ("PT", DURATION),
        ("P1.5D", DURATION),
        ("P4294967297D", DURATION),  # the scanner's 32-bit counter wraps to 1 day
        ("P1000000000D", PLAIN),  # past timedelta's range
        ("P", UNABLE),
        ("P1.5Y", UNABLE),
        ("PT1S1H", UNABLE),
        ("P1W1D", UNABLE),
    ],
    "intervals: how far pendulum gets while building them": [
        ("2024-01-01/2024-02-01", INTERVAL),
        ("2024-01-01T00:00/P1D", INTERVAL),
        ("2024-01-01/P1D", PLAIN),
        ("P1D/2024-01-01", PLAIN),
        ("12:00/13:00", PLAIN),
        ("9999-12-31T23:00/PT2H", PLAIN),
        ("2024-01-01T00:00/2024-01-01", "Both start and end of an Interval must have the same type"),
        ("2024-01-01T00:00/P9999Y", "year 12023 is out of range"),
        ("2024-01-01T00:00+24:00/PT1H", OFFSET_RANGE_MESSAGE),
        ("2024/0210T18Z", UNABLE),
        ("2024/01/02/03", UNABLE),
    ],
    "offsets: up to +24:00 and any negative one accepted, unusable from ±24:00": [
        ("2024-01-01T10:20:30+05:", _us(2024, 1, 1, 5, 20, 30)),
        ("2024-01-01T10:20:30+0530", _us(2024, 1, 1, 4, 50, 30)),
        ("2024-01-01T10:20:30-0800", _us(2024, 1, 1, 18, 20, 30)),
        ("2024-01-01T10:20:30+24:00", CRASH),
        ("2024-01-01T10:20:30-24:00", CRASH),
        ("2024-01-01T10:20+2400", CRASH),
        ("2024-01-01T10:20:30+24", CRASH),
        ("2024-01-01T10:20:30+23:60", CRASH),
        ("2024-01-01T10:20:30-25:00", CRASH),
        ("2024-01-01T10:20:30+24:30", UNABLE),
        ("2024-01-01T10:20:30+25:00", UNABLE),
    ],
}


def _expected(text: Any, expected: Any) -> tuple[dict[str, Any], bool]:
    """(verdict in the worker's format, whether it names a date) for a pinned case."""
    if isinstance(expected, int):
        return {"us": expected}, True
    if isinstance(expected, Today):
        today = dt.datetime.combine(dt.datetime.now().date(), dt.time(*expected), tzinfo=UTC)
        return {"us": to_us(today)}, False
    if expected == CRASH:
        return dict(CRASH), True
    if expected == PLAIN:
        return {"errors": [{"type": "value_error", "msg": "value is not a valid datetime"}]}, True
    message = f"Unable to parse string [{text}]" if expected == UNABLE else expected
    return {"errors": [{"type": "value_error", "msg": f"Value error, {message}", "ctx": {"error": {}}}]}, True


_PINNED_CASES = [pytest.param(text, expected, id=f"{rule}: {text!r}")
                 for rule, cases in PINNED.items() for text, expected in cases]


@pytest.mark.parametrize(("text", "expected"), _PINNED_CASES)
def test_pinned_input_parses_like_prefect(text: Any, expected: Any) -> None:
    verdict, dated = _expected(text, expected)
    ours = runfilter_parse(text)
    assert _agree(ours, verdict, dated, text), f"runfilter {ours}, Prefect {verdict}"


@pytest.mark.oracle
def test_pinned_cases_are_prefects_answers() -> None:
    cases = [(text, *_expected(text, expected)) for cases in PINNED.values() for text, expected in cases]
    answers = shared_oracle().parse_datetimes([text for text, _, _ in cases])
    wrong = [f"{text!r}: pinned {verdict}, Prefect {answer}"
             for (text, verdict, dated), answer in zip(cases, answers, strict=True)
             if not _agree(verdict, answer, dated, text)]
    assert not wrong, "\n".join(wrong)


def test_now_is_the_wall_clock() -> None:
    before = dt.datetime.now(UTC)
    parsed = parse_iso_fallback("now")
    assert before <= parsed <= dt.datetime.now(UTC)


def test_a_duration_is_refused_as_not_a_datetime() -> None:
    with pytest.raises(ValueError, match="Duration"):
        parse_iso_fallback("P1DT2H")


def test_errors_pendulum_raises_as_non_value_errors_are_not_value_errors() -> None:
    with pytest.raises(NotAValidDateTime) as caught:
        parse_iso_fallback("2024-01-01/P1D")
    assert not isinstance(caught.value, ValueError)


def test_a_bare_time_is_today_in_utc() -> None:
    parsed = parse_iso_fallback("T12:30")
    assert (parsed.hour, parsed.minute, parsed.tzinfo) == (12, 30, UTC)
    assert abs(parsed.date() - dt.datetime.now().date()) <= dt.timedelta(days=1)


def test_a_24_hour_offset_fails_with_prefects_500_wherever_it_is_used() -> None:
    value = parse_iso_fallback("2024-01-01T10:20:30+24:00")
    assert has_unusable_offset(value) and not has_unusable_offset(parse_iso_fallback("2024-01-01T10:20:30Z"))
    assert value.tzname() == "+24:00" and (value.year, value.hour) == (2024, 10)
    for use in (to_us, lambda v: v - dt.datetime(2024, 1, 1, tzinfo=UTC), dt.datetime.utcoffset):
        with pytest.raises(ServerError) as caught:
            use(value)
        assert (caught.value.status, caught.value.payload) == (500, {"exception_message": "Internal Server Error"})


# --------------------------------------------------------------------------- ISO grammar (for the oracle tests)


def _digits(n: int, low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda v: str(v).zfill(n))


_YEARS = ("2024", "2023", "2020", "1999", "2000", "0001", "9999", "0000")
_DATE_FORMS = ("ext", "basic", "ext_month", "ext_ordinal", "basic_ordinal", "ext_week", "basic_week", "common",
               "year", "one_digit_day", "basic_month", "week_day_zero", "common_out_of_range")


@st.composite
def _date_part(draw: st.DrawFn) -> tuple[str, str]:
    """(date text, style) in one of the ISO/pendulum forms; fields may be out of range."""
    year, month, day = draw(st.sampled_from(_YEARS)), draw(_digits(2, 0, 13)), draw(_digits(2, 0, 32))
    week = draw(_digits(2, 0, 54))
    weekday = draw(st.sampled_from(("0", "1", "7", "8")))
    form = draw(st.sampled_from(_DATE_FORMS))
    texts = {
        "ext": (f"{year}-{month}-{day}", "ext"),
        "basic": (f"{year}{month}{day}", "basic"),
        "ext_month": (f"{year}-{month}", "ext"),
        "ext_ordinal": (f"{year}-{draw(_digits(3, 0, 367))}", "ext"),
        "basic_ordinal": (f"{year}{draw(_digits(3, 0, 367))}", "basic"),
        "ext_week": (f"{year}-W{week}" + draw(st.sampled_from(("", f"-{weekday}"))), "ext"),
        "basic_week": (f"{year}W{week}" + draw(st.sampled_from(("", weekday))), "basic"),
        "common": (f"{year}{draw(st.sampled_from(('/', ':', '')))}{draw(_digits(2, 1, 12))}"
                   f"{draw(st.sampled_from(('/', ':', '')))}{draw(_digits(2, 1, 28))}", "common"),
        "year": (year, "year"),
        "one_digit_day": (f"{year}-{month}-{int(day) % 10}", "ext"),
        "basic_month": (f"{year}{month}", "basic"),
        "week_day_zero": (f"{year}-W{week}-0", "ext"),
        "common_out_of_range": (f"{year}/{month}/{day}", "common"),
    }
    return texts[form]


@st.composite
def _time_part(draw: st.DrawFn, style: str) -> str:
    """A time of day, mostly in `style` (``ext`` HH:MM[:SS], ``basic`` HHMM[SS]), sometimes in another shape."""
    hour, minute, second = draw(_digits(2, 0, 25)), draw(_digits(2, 0, 61)), draw(_digits(2, 0, 61))
    with_seconds = draw(st.booleans())
    if draw(st.booleans()):
        style = draw(st.sampled_from(("ext", "basic", "hour", "one_digit_hour")))
    sep = ":" if style in ("ext", "common", "one_digit_hour") else ""
    hour = str(int(hour)) if style == "one_digit_hour" else hour
    text = hour if style == "hour" else f"{hour}{sep}{minute}" + (f"{sep}{second}" if with_seconds else "")
    if draw(st.integers(0, 2)) == 0:
        digits = draw(st.integers(0, 12))
        text += draw(st.sampled_from((".", ",", "|"))) + draw(st.text("0159", min_size=digits, max_size=digits))
    return text


_OFFSETS = ("", "", "Z", "z", "+00:00", "-05:00", "+0530", "+05", "+05:", "+23:59", "-00:00", " Z", "UTC", "+5:30",
            "-2359", "+24:00", "-24:00", "+2400", "+24", "+23:60", "-25:00", "+24:30", "+25:00", "-99:99")
_WHOLE = ("now", "today", "", " ", "P1D", "PT1H30M", "P1W", "P", "PT", "P1.5D", "P1.5Y", "P1W1D", "P1000000000D",
          "2024-01-01/2024-02-01", "2024-01-01/P1D", "P1D/2024-01-01", "2024/0210T18Z", "10:", "1e9", "1700000000.5",
          "-1", "20000000001", "T", "Z", "2024-01-01T", "12", "1234567", "2024-01-01T24:00:00Z")
_DURATIONS = ("P1D", "PT1H", "P1Y2M", "P1.5W", "PT0S", "P9999Y", "PT2H", "P3000000000Y", "P1M", "PT1.5H")


@st.composite
def _stamp(draw: st.DrawFn) -> tuple[str, bool]:
    """A date, date-time or bare time (and whether it names a date)."""
    if draw(st.integers(0, 7)):
        date, style = draw(_date_part())
        text = date
        if draw(st.integers(0, 3)):
            sep = " " if style == "common" else draw(st.sampled_from(("T", "T", " ", "t", "", "_", "TT")))
            text += sep + draw(_time_part(style)) + draw(st.sampled_from(_OFFSETS))
        return text, not (style == "basic" and len(date) == 6)  # YYYYMM alone reads as a time (or epoch)
    prefix = draw(st.sampled_from(("", "T", " ")))
    return prefix + draw(_time_part("ext")) + draw(st.sampled_from(_OFFSETS)), False


@st.composite
def iso_like_strings(draw: st.DrawFn) -> tuple[str, bool]:
    """A string from (or near) pendulum's grammar, and whether it names a date (no clock involved)."""
    kind = draw(st.integers(0, 19))
    if kind == 0:
        text = draw(st.sampled_from(_WHOLE))
        return text, text not in ("now", "today", "12", "1234567")
    if kind == 1:  # an interval: two stamps, or a stamp and a duration
        (first, _), (last, _) = draw(_stamp()), draw(_stamp())
        shape = draw(st.sampled_from(("start/end", "start/duration", "duration/end")))
        if shape != "start/end":
            duration = draw(st.sampled_from(_DURATIONS))
            first, last = (first, duration) if shape == "start/duration" else (duration, last)
        return f"{first}/{last}", True
    text, dated = draw(_stamp())
    if draw(st.integers(0, 14)) == 0:
        text = draw(st.sampled_from((" ", "x", "\t"))) + text
    elif draw(st.integers(0, 14)) == 0:
        text += draw(st.sampled_from((" ", "x", "Z", "\n")))
    return text, dated


def _agree(ours: dict[str, Any], theirs: dict[str, Any], dated: bool, text: Any) -> bool:
    if ours == theirs:
        return True
    if "us" not in ours or "us" not in theirs or dated:
        return False
    if text == "now":
        return abs(ours["us"] - theirs["us"]) < 60_000_000
    same_clock = ours["us"] % _DAY_US == theirs["us"] % _DAY_US
    return same_clock and abs(ours["us"] - theirs["us"]) <= _DAY_US


def _disagreements(samples: list[tuple[str, bool]]) -> list[str]:
    verdicts = shared_oracle().parse_datetimes([text for text, _ in samples])
    out = []
    for (text, dated), theirs in zip(samples, verdicts, strict=True):
        ours = runfilter_parse(text)
        if not _agree(ours, theirs, dated, text):
            out.append(f"{text!r}: Prefect {theirs}, runfilter {ours}")
    return out


_GRAMMAR = settings(max_examples=int(os.environ.get("RUNFILTER_DATETIME_EXAMPLES", "60")), derandomize=True,
                    deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.oracle
@_GRAMMAR
@given(st.lists(iso_like_strings(), min_size=10, max_size=25))
def test_request_datetimes_parse_like_prefects_datetime(samples: list[tuple[str, bool]]) -> None:
    problems = _disagreements(samples)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- ±24:00 offsets in requests (no oracle)

_PRE = "2026-10-02T10:20:30+24:00"
_F = "00000000-0000-4000-8000-0000000000f1"
_RUN = {"flows": [{"id": _F, "name": "etl", "created": "2026-10-01T00:00:00Z"}],
        "flow_runs": [{"id": "00000000-0000-4000-8000-0000000000a1", "name": "r", "created": "2026-10-01T00:00:00Z",
                       "flow_id": _F, "state_type": "COMPLETED", "expected_start_time": "2026-10-01T00:00:00Z"}]}
_HISTORY = {"history_start": "2026-10-01T00:00:00Z", "history_end": "2026-10-03T00:00:00Z",
            "history_interval_seconds": 3600}
_ERROR = (500, {"exception_message": "Internal Server Error"})
#: (path, body, status): facts observed on Prefect 3.9.1 (also checked live in test_live_differential.py)
OFFSET_24H_REQUESTS = [
    ("flow_runs/count", {"flow_runs": {"start_time": {"before_": _PRE}}}, 500),
    ("task_runs/count", {"task_runs": {"end_time": {"after_": "2026-10-02T10:20:30-25:00"}}}, 500),  # no task runs
    ("flow_runs/filter", {"flow_runs": {"expected_start_time": {"after_": _PRE}}, "limit": 0}, 500),
    ("flows/count", {"flow_runs": {"start_time": {"before_": _PRE}}}, 500),
    ("flow_runs/count", {"flow_runs": {"id": {"any_": []}, "start_time": {"before_": _PRE}}}, 500),
    ("flow_runs/count", {"flow_runs": {"operator": "or_", "start_time": {"is_null_": True},
                                       "end_time": {"before_": _PRE}}}, 500),
    ("task_runs/count", {"task_runs": {"operator": "or_", "flow_run_id": {}, "start_time": {"before_": _PRE}}}, 500),
    # or_(TRUE, x) is TRUE for SQLAlchemy: the bound never reaches the SQL
    ("flow_runs/count", {"flow_runs": {"operator": "or_", "id": {}, "start_time": {"before_": _PRE}}}, 200),
    ("flow_runs/count", {"flow_runs": {"operator": "or_", "state": {"type": {}}, "end_time": {"before_": _PRE}}}, 200),
    ("task_runs/count", {"task_runs": {"operator": "or_", "flow_run_id": {"is_null_": None},
                                       "start_time": {"before_": _PRE}}}, 200),
    ("flow_runs/count", {"flow_runs": {"expected_start_time": {"after_": "10:20:30+24:00"}}}, 200),  # offset dropped
    ("work_pools/count", {"flow_runs": {"start_time": {"before_": _PRE}}}, 200),  # not a filter of this endpoint
    # other 422s of the body win; history: the interval check first, an empty range answers [] before the filters
    ("flow_runs/filter", {"flow_runs": {"start_time": {"before_": _PRE}}, "sort": "BAD"}, 422),
    ("flow_runs/history", {**_HISTORY, "history_start": "2026-10-01T00:00:00+24:00",
                           "history_interval_seconds": 0.5}, 422),
    ("flow_runs/history", {**_HISTORY, "history_start": "2026-10-01T00:00:00+24:00"}, 500),
    ("flow_runs/history", {**_HISTORY, "history_end": "2026-09-01T00:00:00-24:00"}, 500),
    ("task_runs/history", {**_HISTORY, "task_runs": {"start_time": {"after_": _PRE}}}, 500),
    ("flow_runs/history", {**_HISTORY, "history_end": "2026-09-01T00:00:00Z",
                           "flow_runs": {"start_time": {"after_": _PRE}}}, 200),
]


@pytest.mark.parametrize("engine", ["planned", "naive"])
@pytest.mark.parametrize(("path", "body", "status"), OFFSET_24H_REQUESTS,
                         ids=[f"{p} {status}" for p, _, status in OFFSET_24H_REQUESTS])
def test_a_24_hour_offset_answers_like_prefect(engine: str, path: str, body: dict, status: int) -> None:
    store = Store.from_dataset(_RUN, now="2026-10-04T00:00:00Z")
    answer = store.request(path, body) if engine == "planned" else naive_request(store, path, body)
    assert answer[0] == status, answer
    if status == 500:
        assert answer == _ERROR
