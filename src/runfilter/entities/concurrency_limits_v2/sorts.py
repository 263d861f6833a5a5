"""The one order of concurrency limits: by name (both filter routes; Prefect has no sort option here)."""

from __future__ import annotations

from ...query.sorting import Sort, by

#: Each order by name.
SORTS: dict[str, Sort] = {"NAME_ASC": by("name", False)}
