"""A ``workers`` filter compiled to the condition IR, one rule per field (docs/semantics.md#workers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...query.compile import combined, compile_fields, strings, time_range
from ...query.filter_models import Operator
from ...query.ir import TRUE, Cond
from ...timeutil import has_unusable_offset, to_us
from .filters import WorkerFilter


def status_values(statuses: Iterable[Any]) -> frozenset[str]:
    """Status operands (enum members) as the text records keep."""
    return frozenset(s.value for s in statuses)


_RULES = {"last_heartbeat_time": time_range("last_heartbeat_time"), "status": strings("status", status_values)}


def unusable_heartbeat_bounds(m: WorkerFilter) -> list[Any]:
    """The ``last_heartbeat_time`` bounds of `m` with an offset Prefect cannot bind (±24:00)."""
    times = m.last_heartbeat_time
    if times is None:
        return []
    return [when for when in (times.before_, times.after_) if has_unusable_offset(when)]


def require_bindable_heartbeat_bounds(m: WorkerFilter, conds: list[Cond]) -> None:
    """Raise Prefect's HTTP 500 if an unusable heartbeat bound reaches SQL (docs/semantics.md#server-errors).

    As on the run filters: Prefect fails binding a ±24:00 offset whatever the
    pool holds, unless an ``or_`` sibling is a plain TRUE (a ``status`` with no
    active operator) and SQLAlchemy drops the bound. Pinned by
    ``uh_workers/workers-heartbeat-unusable``, ``uh_workers/workers-heartbeat-unusable-or-true``.
    """
    unusable = unusable_heartbeat_bounds(m)
    if unusable and not (m.operator is Operator.or_ and any(c is TRUE for c in conds)):
        to_us(unusable[0])  # raises


def worker_filter(m: WorkerFilter) -> Cond:
    """``workers`` → a condition on workers."""
    conds = compile_fields(m, _RULES)
    require_bindable_heartbeat_bounds(m, conds)
    return combined(m, conds)
