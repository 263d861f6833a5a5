"""Deployment schedules: read from a dataset, kept on their deployment, answered as Prefect 3.9.1 answers them.

A dataset deployment may carry ``schedules: [{schedule, active,
max_scheduled_runs, parameters, slug, id}]``, as the oracle's loader takes
them. A ``schedule`` is one of Prefect's three kinds (docs/semantics.md#schedules):

* interval: ``interval`` (seconds or an ISO 8601 duration, > 0),
  ``anchor_date`` (default: the load time), ``timezone`` (default UTC);
* cron: ``cron``, ``timezone`` (default null), ``day_or`` (default true);
* rrule: ``rrule``, ``timezone`` (default UTC).

Each schedule is kept as the JSON Prefect answers (``DeploymentSchedule``),
in the deployment's order, which is Prefect's (by ``updated``, newest first,
and every loaded schedule shares its deployment's).
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ...errors import DatasetError
from ...timeutil import format_ts, to_us


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def _timezone(value: str | None) -> str | None:
    if value and value not in _zones():
        raise ValueError(f'Invalid timezone: "{value}" (specify in IANA tzdata format, for example, America/New_York)')
    return value


class _Schedule(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IntervalSchedule(_Schedule):
    """Prefect's ``IntervalSchedule``."""

    interval: Annotated[dt.timedelta, Field(gt=dt.timedelta(0))]
    anchor_date: dt.datetime | None = None
    timezone: str | None = None


class CronSchedule(_Schedule):
    """Prefect's ``CronSchedule`` (the cron string is not checked: see docs/semantics.md#schedules)."""

    cron: str
    timezone: str | None = None
    day_or: bool = True


class RRuleSchedule(_Schedule):
    """Prefect's ``RRuleSchedule`` (the rule is not checked: see docs/semantics.md#schedules)."""

    rrule: str
    timezone: str | None = "UTC"


_SCHEDULE = TypeAdapter(IntervalSchedule | CronSchedule | RRuleSchedule)
_MAX_RUNS = TypeAdapter(Annotated[int, Field(gt=0)] | None)
_PARAMETERS = TypeAdapter(dict[str, Any])


def _format_anchor(when: dt.datetime) -> str:
    # Prefect prints an anchor with the offset it was given; UTC as "Z" (naive = UTC)
    if when.tzinfo is None or when.utcoffset() == dt.timedelta(0):
        return format_ts(to_us(when))  # type: ignore[return-value]
    return when.isoformat()


def schedule_json(raw: Any, now: int) -> dict[str, Any]:
    """A dataset ``schedule`` as Prefect prints it; raises ``ValueError`` naming what is wrong."""
    try:
        model = _SCHEDULE.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise ValueError(f"{'.'.join(str(p) for p in first['loc'][1:]) or 'schedule'}: {first['msg']}") from None
    if isinstance(model, IntervalSchedule):
        anchor = model.anchor_date
        return {
            "interval": model.interval.total_seconds(),
            "anchor_date": format_ts(now) if anchor is None else _format_anchor(anchor),
            "timezone": _timezone(model.timezone) or "UTC",
        }
    if isinstance(model, CronSchedule):
        return {"cron": model.cron, "timezone": _timezone(model.timezone), "day_or": model.day_or}
    return {"rrule": model.rrule, "timezone": _timezone(model.timezone)}


def load_schedules(raws: Any, where: str, dep_id: str, created: int, updated: int, now: int) -> list[dict[str, Any]]:
    """The ``DeploymentSchedule`` answers of a dataset deployment's ``schedules`` (`where` names it in errors).

    Ids default to ``uuid5(deployment id, "schedule-<j>")``; slugs are unique
    per deployment.
    """
    if raws is None:
        return []
    if not isinstance(raws, list):
        raise DatasetError(f"{where}.schedules", "expected a list")
    out, slugs = [], set()
    for j, raw in enumerate(raws):
        at = f"{where}.schedules[{j}]"
        if not isinstance(raw, dict) or "schedule" not in raw:
            raise DatasetError(at, "expected an object with a 'schedule'")
        unknown = set(raw) - {"id", "schedule", "active", "max_scheduled_runs", "parameters", "slug"}
        if unknown:
            raise DatasetError(f"{at}.{sorted(unknown)[0]}", "unknown field")
        try:
            schedule = schedule_json(raw["schedule"], now)
        except ValueError as exc:
            raise DatasetError(f"{at}.schedule", str(exc)) from None
        slug = raw.get("slug")
        if slug is not None and not isinstance(slug, str):
            raise DatasetError(f"{at}.slug", "expected a string")
        if slug is not None and slug in slugs:
            raise DatasetError(f"{at}.slug", f"duplicate schedule slug {slug!r} in this deployment")
        slugs.add(slug)
        out.append(
            {
                "id": _id(raw.get("id"), f"{at}.id") or str(uuid.uuid5(uuid.UUID(dep_id), f"schedule-{j}")),
                "created": format_ts(created),
                "updated": format_ts(updated),
                "deployment_id": dep_id,
                "schedule": schedule,
                # as the oracle's loader reads it: any JSON value, by truth
                "active": bool(raw.get("active", True)),
                "max_scheduled_runs": _checked(_MAX_RUNS, raw.get("max_scheduled_runs"), f"{at}.max_scheduled_runs"),
                "parameters": _checked(_PARAMETERS, raw.get("parameters") or {}, f"{at}.parameters"),
                "slug": slug,
            }
        )
    return out


def _id(value: Any, where: str) -> str | None:
    if value is None:
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise DatasetError(where, f"not a UUID: {value!r}") from None


def _checked(adapter: TypeAdapter[Any], value: Any, where: str) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise DatasetError(where, exc.errors(include_url=False)[0]["msg"]) from None


def export_schedules(schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A deployment's schedules back in the dataset format (loading them again gives the same answers)."""
    keys = ("id", "schedule", "active", "max_scheduled_runs", "parameters", "slug")
    return [{key: schedule[key] for key in keys} for schedule in schedules]


def copy_schedules(schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Caller-owned copies of stored schedule answers (their nested objects included)."""
    return [{**s, "schedule": dict(s["schedule"]), "parameters": dict(s["parameters"])} for s in schedules]


__all__ = ["copy_schedules", "export_schedules", "load_schedules", "schedule_json"]
