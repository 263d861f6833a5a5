"""How task runs can be sorted: Prefect's ``TaskRunSort``, DURATION sorts included (docs/semantics.md#sort-keys)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...dialects import Dialect
from ...query.sorting import Descending, Sort, sort_enum
from ..runs.sorts import EXPECTED_START_AND_NAME, ID_DESC


def sql_estimated_run_time(r: Any, now: int, dialect: Dialect) -> int | None:
    """``estimated_run_time`` as the database computes it in SQL (what the DURATION sorts compare).

    Exact µs for a run that is not RUNNING; for a RUNNING one the dialect's
    arithmetic (millisecond-rounded on SQLite), NULL without a state
    timestamp (docs/semantics.md#duration-sorts).
    """
    if r.state_type != "RUNNING":
        return r.total_run_time
    if r.state_timestamp is None:
        return None
    return dialect.dates.running_us(r.total_run_time, now, r.state_timestamp)


def _duration(primary_descending: bool) -> Callable[[Dialect, int], Callable[[Any], Any]]:
    # (estimated_run_time asc|desc, expected_start_time desc, id desc)
    def key(dialect: Dialect, now: int) -> Callable[[Any], Any]:
        order = dialect.order_key()

        def record_key(r: Any) -> tuple:
            run_time = order(sql_estimated_run_time(r, now, dialect))
            return (
                Descending(run_time) if primary_descending else run_time,
                Descending(order(r.expected_start_time)),
                Descending(r.id),
            )

        return record_key

    return key


#: Each sort option by name, in the order of Prefect's enum.
SORTS: dict[str, Sort] = {
    "ID_DESC": ID_DESC,
    **EXPECTED_START_AND_NAME,
    "DURATION_DESC": Sort(_duration(True), False),
    "DURATION_ASC": Sort(_duration(False), False),
}
#: Prefect's ``TaskRunSort``: the ``sort`` a task-run body may give.
TaskRunSort = sort_enum("TaskRunSort", SORTS)
