"""How deployments can be sorted: Prefect's ``DeploymentSort`` (docs/semantics.md#sort-keys)."""

from __future__ import annotations

from enum import Enum

from ...query.sorting import Sort, by


class DeploymentSort(str, Enum):
    """Prefect's ``DeploymentSort`` (member order is the order of its error message)."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"


#: Each sort option by name.
SORTS: dict[str, Sort] = {
    "CREATED_DESC": by("created", True),
    "UPDATED_DESC": by("updated", True),
    "NAME_ASC": by("name", False),
    "NAME_DESC": by("name", True),
}
