"""Events: ``POST /events/filter``, ``GET /events/filter/next`` and ``POST /events/count-by/{countable}``.

No dataset carries events, so every query matches none: a page of no
events with total 0 and no next page, and no counted values. What remains
is Prefect's handling of the request (docs/semantics.md#unheld-kinds):

* ``/events/filter`` takes ``filter`` and its own ``limit`` (50 at most);
* ``/events/filter/next`` decodes its ``page-token`` (base64 of the base64
  token a previous page linked to): a token that does not decode answers
  403, a decoded one Prefect cannot use 500; a usable one answers its page
  (empty here) with the token's total and, if the token promises more, the
  link to the page after;
* ``count-by`` refuses a window of more than 1,000 buckets (422) for every
  countable, and for ``day`` and ``time`` answers one zero count per bucket
  of the window, the last bucket ending no later than the current period;
* Prefect's text search uses SQL's ``concat()``, which the SQLite of the
  oracle (3.40) lacks: a ``text`` filter with a search term answers 500.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import AnyHttpUrl, Field, TypeAdapter, ValidationError

from ..api.params import REQUIRED, Params, param
from ..api.route import Answer, Context, Route
from ..errors import BodyValidationError, RequestError, prefect_500
from ..timeutil import UTC, format_ts, to_us
from .events_filters import EventFilter, logical_limit, text_terms, with_clock

#: ``/events/filter``'s page size: its default and its maximum ``limit``.
PAGE_SIZE = 50
#: The most buckets ``count-by`` accepts.
MAX_BUCKETS = 1000
#: Where Prefect's time buckets are aligned: every bucket starts a whole number of intervals after it.
PIVOT = dt.datetime(2024, 4, 1, tzinfo=UTC)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = dt.timedelta(microseconds=1)
_FORBIDDEN = Answer(403, {"detail": "Forbidden"})


class Countable(str, Enum):
    """What ``count-by`` counts events by (``day`` is ``time`` in days)."""

    day = "day"
    time = "time"
    event = "event"
    resource = "resource"


class TimeUnit(str, Enum):
    """The unit of ``count-by``'s ``time_interval``."""

    week = "week"
    day = "day"
    hour = "hour"
    minute = "minute"
    second = "second"


_UNIT_DAYS = {TimeUnit.week: 7, TimeUnit.day: 1}
_UNIT_KEYWORD = {TimeUnit.hour: "hours", TimeUnit.minute: "minutes", TimeUnit.second: "seconds"}


def _clock(ctx: Context) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=ctx.now)


def _run_query(f: EventFilter) -> None:
    """What running `f` in SQL costs beyond an empty answer: Prefect's 500s."""
    to_us(f.occurred.since)  # an unusable offset raises Prefect's 500 when the bound is used
    to_us(f.occurred.until)
    if f.text is not None and text_terms(f.text.query):
        raise prefect_500("the text search needs SQL concat(), which the oracle's SQLite 3.40 lacks")


def _page(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``POST /events/filter``: no events, so one empty page and no next page."""
    f = with_clock(v["filter"] or EventFilter(), _clock(ctx))
    _run_query(f)
    return {"events": [], "total": 0, "next_page": None}


_INT = TypeAdapter(int)
_URL = TypeAdapter(AnyHttpUrl)


def _next_page(ctx: Context, v: dict[str, Any]) -> Any:
    """``GET /events/filter/next``: the page a token names; its events are none, its total the token's."""
    token = _decoded(v["page-token"])
    if token is None:
        return _FORBIDDEN
    try:
        state = json.loads(base64.b64decode(token))
    except Exception:  # as Prefect: a token that is not base64 of JSON is forbidden, whatever the error
        return _FORBIDDEN
    try:
        f = with_clock(EventFilter.model_validate(state["filter"]), _clock(ctx))
        count, size, offset = state["count"], state["page_size"], state["offset"]
        _run_query(f)
        # the page query's LIMIT and OFFSET (SQLAlchemy takes int() of each), then the next token's
        # arithmetic, all with Python's own type rules
        if size is not None:
            int(max(0, min(size, logical_limit(f))))
        if offset is not None:
            int(offset)
        more = not offset + size >= count
        total = _INT.validate_python(count)
    except RequestError:
        raise
    except (LookupError, TypeError, ValueError, OverflowError) as exc:  # pydantic's ValidationError is a ValueError
        raise prefect_500(f"an unusable page token ({type(exc).__name__})") from None
    link = None
    if more:
        following = {"filter": f.model_dump(mode="json"), "count": count, "page_size": size, "offset": offset + size}
        inner = base64.b64encode(json.dumps(following).encode()).decode()
        # Prefect links from the request's base URL (its Host header) and validates the link as a URL
        host = ctx.headers.get("host", "localhost")
        raw = f"http://{host}/api/events/filter/next?page-token={base64.b64encode(inner.encode()).decode()}"
        try:
            link = str(_URL.validate_python(raw))
        except ValidationError:
            raise prefect_500(f"the next page's link is not a URL: {raw!r}") from None
    return {"events": [], "total": total, "next_page": link}


def _decoded(token: str) -> str | None:
    """The page token inside the link's parameter, or None where Prefect answers 403."""
    try:
        text = base64.b64decode(token.encode()).decode()
    except ValueError:  # binascii.Error and the Unicode errors are ValueErrors
        return None
    return text or None


_COUNT_BODY = Params(
    (
        param("filter", EventFilter, REQUIRED),
        param("time_unit", TimeUnit, TimeUnit.day),
        param("time_interval", Annotated[float, Field(ge=0.01)], 1.0),
    )
)
_COUNTABLE = TypeAdapter(Countable)


@dataclass(frozen=True)
class _PathThenBody(Params):
    """``count-by``'s parameters: FastAPI checks the path's ``countable`` before the body and
    reports both in one 422, so the handler validates them together (it alone sees the path)."""

    @property
    def reads_body(self) -> bool:
        """The route reads a JSON body."""
        return True

    def validate(self, body: Any, query: Any = None, headers: Any = None) -> dict[str, Any]:
        """The raw body, validated by the handler."""
        return {"body": body}


def _count_by(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /events/count-by/{countable}``: zero counts per time bucket, or none for names and resources."""
    body = v["body"]
    errors: list[dict[str, Any]] = []
    countable = None
    try:
        countable = _COUNTABLE.validate_python(ctx.path_params["countable"])
    except ValidationError as exc:
        errors += [{**e, "loc": ["path", "countable", *e["loc"]]} for e in exc.errors(include_url=False)]
    try:
        values = _COUNT_BODY.validate(body)
    except BodyValidationError as exc:
        errors += exc.errors
    if errors:
        payload = {"exception_message": "Invalid request received.", "exception_detail": errors, "request_body": body}
        raise BodyValidationError(422, payload, errors)
    f = with_clock(values["filter"], _clock(ctx))
    unit, interval = values["time_unit"], values["time_interval"]
    try:
        if unit in _UNIT_DAYS:
            delta = dt.timedelta(days=_UNIT_DAYS[unit] * interval)
        else:
            delta = dt.timedelta(**{_UNIT_KEYWORD[unit]: interval})
    except OverflowError:
        raise prefect_500(f"a time_interval of {interval} {unit.value}s overflows a timedelta") from None
    start, end = f.occurred.since.astimezone(UTC), f.occurred.until.astimezone(UTC)
    buckets = math.ceil((end - start) / delta)
    if buckets > MAX_BUCKETS:
        detail = (
            f"The given interval would create {buckets} buckets, which is too many. Please increase the interval "
            f"or reduce the time range to produce {MAX_BUCKETS} buckets or fewer."
        )
        raise RequestError(422, {"detail": detail}, f"count-by: {buckets} buckets")
    _run_query(f)
    from ..api.dispatch import _reject_unbindable  # dispatch imports this package

    _reject_unbindable(values.values())
    if countable not in (Countable.day, Countable.time):
        return []
    now = _clock(ctx)
    try:
        return _zero_buckets(start, end if end <= now else _end_of_period(now, unit), delta)
    except OverflowError:
        raise prefect_500("a time bucket falls outside the datetime range") from None


def _zero_buckets(start: dt.datetime, end: dt.datetime, delta: dt.timedelta) -> list[dict[str, Any]]:
    """One zero count per bucket, from the one holding `start` to the last one starting before `end`."""
    span = PIVOT + delta * math.floor((start - PIVOT) / delta)
    out = []
    while span < end:
        after = span + delta
        out.append(
            {
                "value": str(len(out)),
                "label": span.isoformat(),
                "count": 0,
                "start_time": format_ts(to_us(span)),
                "end_time": format_ts(to_us(after - _ONE_US)),
            }
        )
        span = after
    return out


def _end_of_period(now: dt.datetime, unit: TimeUnit) -> dt.datetime:
    """The last microsecond of the `unit` (second ... week, weeks end on Sunday) holding `now`."""
    last = now.replace(microsecond=999_999)
    if unit is TimeUnit.second:
        return last
    last = last.replace(second=59)
    if unit is TimeUnit.minute:
        return last
    last = last.replace(minute=59)
    if unit is TimeUnit.hour:
        return last
    last = last.replace(hour=23)
    return last if unit is TimeUnit.day else last + dt.timedelta(days=6 - now.weekday())


#: The event read routes.
ROUTES = (
    Route(
        "POST",
        "/events/filter",
        _page,
        Params(
            (param("filter", EventFilter, None), param("limit", Annotated[int, Field(ge=0, le=PAGE_SIZE)], PAGE_SIZE))
        ),
    ),
    Route("GET", "/events/filter/next", _next_page, Params((param("page-token", str, REQUIRED, location="query"),))),
    Route("POST", "/events/count-by/{countable}", _count_by, _PathThenBody(())),
)

__all__ = ["MAX_BUCKETS", "PAGE_SIZE", "PIVOT", "ROUTES", "Countable", "TimeUnit"]
