"""The order of a pool's workers: latest heartbeat first (Prefect's only order; the route has no ``sort``)."""

from __future__ import annotations

from ...query.sorting import Sort, by

#: Each sort option by name.
SORTS: dict[str, Sort] = {"LAST_HEARTBEAT_TIME_DESC": by("last_heartbeat_time", True)}
