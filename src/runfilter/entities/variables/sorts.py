"""How variables can be sorted: Prefect's ``VariableSort`` (docs/semantics.md#variables)."""

from __future__ import annotations

from ...query.sorting import Sort, by, sort_enum

#: Each sort option by name, in the order of Prefect's enum; none has a tie-breaker.
SORTS: dict[str, Sort] = {
    "CREATED_DESC": by("created", True),
    "UPDATED_DESC": by("updated", True),
    "NAME_DESC": by("name", True),
    "NAME_ASC": by("name", False),
}
#: Prefect's ``VariableSort``: the ``sort`` a variable body may give.
VariableSort = sort_enum("VariableSort", SORTS)
