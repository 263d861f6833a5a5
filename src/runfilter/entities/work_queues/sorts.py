"""The orders of work queues: by name on ``/work_queues/filter``, by priority on a pool's queue list."""

from __future__ import annotations

from ...query.sorting import Sort, by

#: Each sort option by name.
SORTS: dict[str, Sort] = {"NAME_ASC": by("name", False), "PRIORITY_ASC": by("priority", False)}
