"""How automations can be sorted: Prefect's ``AutomationSort`` (docs/semantics.md#sort-keys)."""

from __future__ import annotations

from ...query.sorting import Sort, by, sort_enum

#: Each sort option by name, in the order of Prefect's enum.
SORTS: dict[str, Sort] = {
    "CREATED_DESC": by("created", True),
    "UPDATED_DESC": by("updated", True),
    "NAME_ASC": by("name", False),
    "NAME_DESC": by("name", True),
}
#: Prefect's ``AutomationSort``: the ``sort`` an automation body may give.
AutomationSort = sort_enum("AutomationSort", SORTS)
