"""The order of work pools: Prefect lists them by name (there is no sort parameter)."""

from __future__ import annotations

from ...query.sorting import Sort, by

#: Each sort option by name.
SORTS: dict[str, Sort] = {"NAME_ASC": by("name", False)}
