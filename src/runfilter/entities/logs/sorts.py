"""How logs can be sorted: Prefect's ``LogSort`` (docs/semantics.md#logs).

Prefect orders by the timestamp alone; ties come out in insertion order
here (docs/semantics.md#tie-order).
"""

from __future__ import annotations

from ...query.sorting import Sort, by, sort_enum

#: Each sort option by name, in the order of Prefect's enum.
SORTS: dict[str, Sort] = {"TIMESTAMP_ASC": by("timestamp", False), "TIMESTAMP_DESC": by("timestamp", True)}
#: Prefect's ``LogSort``: the ``sort`` a log body may give.
LogSort = sort_enum("LogSort", SORTS)
