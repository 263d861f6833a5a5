"""The one order of flow-run inputs: oldest first (``ORDER BY created``, no tie-breaker)."""

from __future__ import annotations

from ...query.sorting import Sort, by

#: Each sort option by name.
SORTS: dict[str, Sort] = {"CREATED_ASC": by("created", False)}
