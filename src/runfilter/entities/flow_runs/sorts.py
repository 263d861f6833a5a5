"""How flow runs can be sorted: Prefect's ``FlowRunSort`` (docs/semantics.md#sort-keys)."""

from __future__ import annotations

from ...query.sorting import Sort, by, sort_enum
from ..runs.sorts import EXPECTED_START_AND_NAME, ID_DESC

#: Each sort option by name, in the order of Prefect's enum; START_TIME reads coalesce(start, expected).
SORTS: dict[str, Sort] = {
    "ID_DESC": ID_DESC,
    "START_TIME_ASC": by("start_or_expected", False),
    "START_TIME_DESC": by("start_or_expected", True),
    **EXPECTED_START_AND_NAME,
}
#: Prefect's ``FlowRunSort``: the ``sort`` a flow-run body may give.
FlowRunSort = sort_enum("FlowRunSort", SORTS)
