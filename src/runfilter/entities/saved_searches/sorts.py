"""The one order of saved searches: by name (``/saved_searches/filter`` takes no ``sort``)."""

from __future__ import annotations

from ...query.sorting import Sort, by

#: Each sort option by name (names are unique, so there are no ties).
SORTS: dict[str, Sort] = {"NAME_ASC": by("name", False)}
