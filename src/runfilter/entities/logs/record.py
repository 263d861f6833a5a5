"""The log record (table ``log``): declared once, column by column (docs/semantics.md#logs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from ... import codecs
from ...codecs import Codec
from ...schema import LOOKUP, ORDERED, Ref, column

_LEVEL = TypeAdapter(int)
_TEXT = TypeAdapter(str)


def log_text(value: Any) -> str:
    """A logger name or message as ``POST /logs/`` stores it: a string, NUL characters stripped.

    Prefect strips them before the insert so that PostgreSQL accepts the row;
    it does so on SQLite as well (docs/semantics.md#logs).
    """
    return codecs.through_adapter(_TEXT, value).replace("\x00", "")


def log_level(value: Any) -> int:
    """A level as ``LogCreate`` reads it: pydantic's lax integer (``"20"``, ``20.0``, ``true`` pass)."""
    return codecs.through_adapter(_LEVEL, value)


#: The codec of ``name`` and ``message``.
LOG_TEXT = Codec("log text", log_text, groupable=False)
#: The codec of ``level``.
LEVEL = Codec("log level", log_level)


@dataclass(slots=True, eq=False)
class Log:
    """A log line (table ``log``); its run ids are plain columns, not foreign keys."""

    id: str = column(codecs.ID)
    seq: int = column()
    name: str = column(LOG_TEXT, required=True)
    level: int = column(LEVEL, required=True, index=ORDERED)
    message: str = column(LOG_TEXT, required=True)
    timestamp: int = column(codecs.TIME, required=True, index=ORDERED)
    #: no foreign key; Prefect's flow-run delete route purges the run's logs (docs/semantics.md#logs)
    flow_run_id: str | None = column(codecs.ID, ref=Ref("flow_runs", None, purged=True), index=LOOKUP)
    #: no foreign key; Prefect's task-run delete route purges the task run's logs
    task_run_id: str | None = column(codecs.ID, ref=Ref("task_runs", None, purged=True), index=LOOKUP)
    created: int = column(codecs.TIME)
    updated: int = column(codecs.TIME)
