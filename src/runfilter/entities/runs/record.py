"""The columns flow runs and task runs share, declared once: identity, name, tags, current state, times."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import model_validator

from ... import codecs
from ...codecs import IgnoringModel
from ...schema import LOOKUP, ORDERED, column
from .states import STATE_TYPE, StateExtras


class RunPolicy(IgnoringModel):
    """What Prefect's ``FlowRunPolicy`` and ``TaskRunPolicy`` (a run's ``empirical_policy``) share.

    The deprecated ``max_retries`` / ``retry_delay_seconds`` are copied into
    ``retries`` / ``retry_delay`` when those are unset (Prefect's rule).
    """

    max_retries: int = 0
    retry_delay_seconds: float = 0
    retries: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _deprecated(cls, values: Any) -> Any:
        if isinstance(values, dict):
            values = dict(values)
            if not values.get("retries") and values.get("max_retries", 0) != 0:
                values["retries"] = values["max_retries"]
            if not values.get("retry_delay") and values.get("retry_delay_seconds", 0) != 0:
                values["retry_delay"] = values["retry_delay_seconds"]
        return values


@dataclass(slots=True, eq=False)
class Run:
    """What a flow run and a task run record both hold (the base of :class:`FlowRun` and :class:`TaskRun`).

    The field order is the fast loaders' (they build records positionally;
    their tests compare them with the general reader).
    """

    id: str = column(codecs.ID, index=ORDERED)
    seq: int = column()
    #: a random two-word slug when the dataset gives none
    name: str = column(codecs.TEXT, index=LOOKUP | ORDERED)
    state_type: str | None = column(STATE_TYPE, index=LOOKUP)
    state_name: str | None = column(codecs.TEXT, index=LOOKUP)
    state_timestamp: int | None = column(codecs.TIME)
    state_extras: StateExtras | None = column()
    expected_start_time: int | None = column(codecs.TIME, index=ORDERED)
    next_scheduled_start_time: int | None = column(codecs.TIME, index=ORDERED)
    start_time: int | None = column(codecs.TIME, index=ORDERED)
    end_time: int | None = column(codecs.TIME, index=ORDERED)
    total_run_time: int = column(codecs.DURATION, default=0)
    run_count: int = column(codecs.COUNT, default=0)
    tags: tuple[str, ...] = column(codecs.TAGS, default=(), index=LOOKUP)
    labels: dict[str, Any] | None = column(codecs.LABELS)
    created: int = column(codecs.TIME)
    updated: int = column(codecs.TIME)
