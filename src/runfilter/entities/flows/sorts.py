"""How flows can be sorted: Prefect's ``FlowSort`` (docs/semantics.md#sort-keys)."""

from __future__ import annotations

from ...query.sorting import Sort, by, sort_enum

#: Each sort option by name, in the order of Prefect's enum.
SORTS: dict[str, Sort] = {
    "CREATED_DESC": by("created", True),
    "UPDATED_DESC": by("updated", True),
    "NAME_ASC": by("name", False),
    "NAME_DESC": by("name", True),
}
#: Prefect's ``FlowSort``: the ``sort`` a flow body may give.
FlowSort = sort_enum("FlowSort", SORTS)
