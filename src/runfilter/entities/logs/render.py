"""Logs as Prefect 3.9.1 returns them: the ``Log`` schema, and a flow run's CSV download."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from .record import Log

#: The download's columns, in Prefect's order.
CSV_COLUMNS = ("timestamp", "level", "flow_run_id", "task_run_id", "message")


def log(ctx: Context, log: Log) -> dict[str, Any]:
    """A ``Log``."""
    return {
        "id": log.id,
        "created": format_ts(log.created),
        "updated": format_ts(log.updated),
        "name": log.name,
        "level": log.level,
        "message": log.message,
        "timestamp": format_ts(log.timestamp),
        "flow_run_id": log.flow_run_id,
        "task_run_id": log.task_run_id,
    }


def csv_timestamp(us: int) -> str:
    """A timestamp as Prefect's download writes it: ``str()`` of an aware datetime (``2026-10-01 12:00:00+00:00``,
    microseconds only when non-zero)."""
    return str(dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us))


def logs_csv(logs: Iterable[Log]) -> str:
    """The download's text: a header row, then one row per log, written by ``csv.writer`` (CRLF, minimal quoting)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in logs:
        task_run_id = "" if entry.task_run_id is None else entry.task_run_id
        writer.writerow((csv_timestamp(entry.timestamp), entry.level, entry.flow_run_id, task_run_id, entry.message))
    return out.getvalue()
