"""Flow-run inputs: ``POST /flow_runs/{id}/input/filter`` and ``GET /flow_runs/{id}/input/{key}``.

runfilter holds no flow-run inputs, so the filter answers ``[]`` and a read
of one key is Prefect's 404 (docs/semantics.md#unheld-kinds). Neither route
looks the flow run up in Prefect: an unknown run answers exactly as a known
one, so no lookup is made here either.

``GET /flow_runs/{id}/logs/download`` is not served: for a known run Prefect
streams a CSV file (``text/csv``), which the HTTP layer cannot send yet.
"""

from __future__ import annotations

from ..api.params import REQUIRED, Params, param
from ..api.route import Route
from ._common import empty_list, not_found
from .blocks import sql_integers

#: The flow-run input read routes.
ROUTES = (
    # Prefect's own body keys: a plain `limit` (default 1, no range check), not the LimitBody of list routes
    Route(
        "POST",
        "/flow_runs/{id:uuid}/input/filter",
        sql_integers(empty_list, "limit"),
        Params((param("prefix", str, REQUIRED), param("limit", int, 1), param("exclude_keys", list[str], []))),
    ),
    Route("GET", "/flow_runs/{id:uuid}/input/{key}", not_found({"detail": "Flow run input not found"})),
)
