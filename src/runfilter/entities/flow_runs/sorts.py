"""How flow runs can be sorted: Prefect's ``FlowRunSort`` (docs/semantics.md#sort-keys)."""

from __future__ import annotations

from enum import Enum

from ...query.sorting import Sort, by
from ..runs.sorts import RUN_SORTS


class FlowRunSort(str, Enum):
    """Prefect's ``FlowRunSort`` (member order is the order of its error message)."""

    ID_DESC = "ID_DESC"
    START_TIME_ASC = "START_TIME_ASC"
    START_TIME_DESC = "START_TIME_DESC"
    EXPECTED_START_TIME_ASC = "EXPECTED_START_TIME_ASC"
    EXPECTED_START_TIME_DESC = "EXPECTED_START_TIME_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    NEXT_SCHEDULED_START_TIME_ASC = "NEXT_SCHEDULED_START_TIME_ASC"
    END_TIME_DESC = "END_TIME_DESC"


#: Each sort option by name; START_TIME reads coalesce(start_time, expected_start_time).
SORTS: dict[str, Sort] = {
    **RUN_SORTS,
    "START_TIME_ASC": by("start_or_expected", False),
    "START_TIME_DESC": by("start_or_expected", True),
}
