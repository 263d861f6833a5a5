"""Prefect 3.9.1's API routes, as data, to answer unserved paths the way Prefect's router would.

Starlette tries routes in order: a path that matches a route but not its
method gives 405, a path no route matches gives 404. runfilter serves the
routes each kind lists (:mod:`runfilter.api.dispatch`);
for any other *real* Prefect route it answers 501 naming the route, so a
client never mistakes "not emulated" for "empty". The table was read from ``prefect.server.api``'s
routers (``API_ROUTERS``) plus the app's own documentation routes.
"""

from __future__ import annotations

import re

#: "METHODS path" per route, in Prefect's registration order.
PREFECT_ROUTES = (
    "GET,HEAD /openapi.json",
    "GET,HEAD /docs",
    "GET,HEAD /docs/oauth2-redirect",
    "GET,HEAD /redoc",
    "GET /health",
    "GET /version",
    "POST /flows/",
    "PATCH /flows/{id:uuid}",
    "POST /flows/count",
    "GET /flows/name/{name}",
    "GET /flows/{id:uuid}",
    "POST /flows/filter",
    "DELETE /flows/{id:uuid}",
    "POST /flows/bulk_delete",
    "POST /flows/paginate",
    "POST /flow_runs/",
    "PATCH /flow_runs/{id:uuid}",
    "POST /flow_runs/count",
    "POST /flow_runs/lateness",
    "POST /flow_runs/history",
    "GET /flow_runs/{id:uuid}",
    "GET /flow_runs/{id:uuid}/graph",
    "GET /flow_runs/{id:uuid}/graph-v2",
    "POST /flow_runs/{id:uuid}/resume",
    "POST /flow_runs/filter",
    "DELETE /flow_runs/{id:uuid}",
    "POST /flow_runs/bulk_delete",
    "POST /flow_runs/bulk_set_state",
    "POST /flow_runs/{id:uuid}/set_state",
    "POST /flow_runs/{id:uuid}/input",
    "POST /flow_runs/{id:uuid}/input/filter",
    "GET /flow_runs/{id:uuid}/input/{key}",
    "DELETE /flow_runs/{id:uuid}/input/{key}",
    "POST /flow_runs/paginate",
    "GET /flow_runs/{id:uuid}/logs/download",
    "PATCH /flow_runs/{id:uuid}/labels",
    "POST /task_runs/",
    "PATCH /task_runs/{id:uuid}",
    "POST /task_runs/count",
    "POST /task_runs/history",
    "GET /task_runs/{id:uuid}",
    "POST /task_runs/filter",
    "POST /task_runs/paginate",
    "DELETE /task_runs/{id:uuid}",
    "POST /task_runs/{id:uuid}/set_state",
    "WEBSOCKET /task_runs/subscriptions/scheduled",
    "GET /flow_run_states/{id:uuid}",
    "GET /flow_run_states/",
    "GET /task_run_states/{id:uuid}",
    "GET /task_run_states/",
    "GET /observed-states",
    "POST /deployments/",
    "PATCH /deployments/{id:uuid}",
    "GET /deployments/name/{flow_name}/{deployment_name}",
    "GET /deployments/{id:uuid}",
    "POST /deployments/filter",
    "POST /deployments/paginate",
    "POST /deployments/get_scheduled_flow_runs",
    "POST /deployments/count",
    "DELETE /deployments/{id:uuid}",
    "POST /deployments/bulk_delete",
    "POST /deployments/{id:uuid}/schedule",
    "POST /deployments/{id:uuid}/resume_deployment",
    "POST /deployments/{id:uuid}/pause_deployment",
    "POST /deployments/{id:uuid}/create_flow_run",
    "POST /deployments/{id:uuid}/create_flow_run/bulk",
    "GET /deployments/{id:uuid}/work_queue_check",
    "GET /deployments/{id:uuid}/schedules",
    "POST /deployments/{id:uuid}/schedules",
    "PATCH /deployments/{id:uuid}/schedules/{schedule_id:uuid}",
    "DELETE /deployments/{id:uuid}/schedules/{schedule_id:uuid}",
    "PUT /saved_searches/",
    "GET /saved_searches/{id:uuid}",
    "POST /saved_searches/filter",
    "DELETE /saved_searches/{id:uuid}",
    "POST /logs/",
    "POST /logs/filter",
    "WEBSOCKET /logs/out",
    "POST /concurrency_limits/",
    "GET /concurrency_limits/{id:uuid}",
    "GET /concurrency_limits/tag/{tag}",
    "POST /concurrency_limits/filter",
    "POST /concurrency_limits/tag/{tag}/reset",
    "DELETE /concurrency_limits/{id:uuid}",
    "DELETE /concurrency_limits/tag/{tag}",
    "POST /concurrency_limits/increment",
    "POST /concurrency_limits/decrement",
    "POST /v2/concurrency_limits/",
    "GET /v2/concurrency_limits/{id_or_name}",
    "POST /v2/concurrency_limits/filter",
    "PATCH /v2/concurrency_limits/{id_or_name}",
    "DELETE /v2/concurrency_limits/{id_or_name}",
    "POST /v2/concurrency_limits/increment",
    "POST /v2/concurrency_limits/increment-with-lease",
    "POST /v2/concurrency_limits/decrement",
    "POST /v2/concurrency_limits/decrement-with-lease",
    "POST /v2/concurrency_limits/leases/{lease_id}/renew",
    "POST /block_types/",
    "GET /block_types/{id:uuid}",
    "GET /block_types/slug/{slug}",
    "POST /block_types/filter",
    "PATCH /block_types/{id:uuid}",
    "DELETE /block_types/{id:uuid}",
    "GET /block_types/slug/{slug}/block_documents",
    "GET /block_types/slug/{slug}/block_documents/name/{block_document_name}",
    "POST /block_types/install_system_block_types",
    "POST /block_documents/",
    "POST /block_documents/filter",
    "POST /block_documents/count",
    "GET /block_documents/{id:uuid}",
    "DELETE /block_documents/{id:uuid}",
    "PATCH /block_documents/{id:uuid}",
    "POST /work_pools/",
    "GET /work_pools/{name}",
    "POST /work_pools/filter",
    "POST /work_pools/count",
    "PATCH /work_pools/{name}",
    "DELETE /work_pools/{name}",
    "POST /work_pools/{name}/concurrency_status",
    "POST /work_pools/{name}/get_scheduled_flow_runs",
    "POST /work_pools/{work_pool_name}/queues",
    "GET /work_pools/{work_pool_name}/queues/{name}",
    "POST /work_pools/{work_pool_name}/queues/filter",
    "PATCH /work_pools/{work_pool_name}/queues/{name}",
    "DELETE /work_pools/{work_pool_name}/queues/{name}",
    "WEBSOCKET /work_pools/{work_pool_name}/workers/connect",
    "POST /work_pools/{work_pool_name}/workers/heartbeat",
    "POST /work_pools/{work_pool_name}/workers/filter",
    "DELETE /work_pools/{work_pool_name}/workers/{name}",
    "POST /task_workers/filter",
    "POST /work_queues/",
    "PATCH /work_queues/{id:uuid}",
    "GET /work_queues/name/{name}",
    "GET /work_queues/{id:uuid}",
    "POST /work_queues/{id:uuid}/get_runs",
    "POST /work_queues/filter",
    "DELETE /work_queues/{id:uuid}",
    "POST /work_queues/{id:uuid}/concurrency_status",
    "GET /work_queues/{id:uuid}/status",
    "POST /artifacts/",
    "GET /artifacts/{id:uuid}",
    "GET /artifacts/{key}/latest",
    "POST /artifacts/filter",
    "POST /artifacts/latest/filter",
    "POST /artifacts/count",
    "POST /artifacts/latest/count",
    "PATCH /artifacts/{id:uuid}",
    "DELETE /artifacts/{id:uuid}",
    "POST /block_schemas/",
    "DELETE /block_schemas/{id:uuid}",
    "POST /block_schemas/filter",
    "GET /block_schemas/{id:uuid}",
    "GET /block_schemas/checksum/{checksum}",
    "GET /block_capabilities/",
    "GET /collections/views/{view}",
    "POST /variables/",
    "GET /variables/{id:uuid}",
    "GET /variables/name/{name:str}",
    "POST /variables/filter",
    "POST /variables/count",
    "PATCH /variables/{id:uuid}",
    "PATCH /variables/name/{name:str}",
    "DELETE /variables/{id:uuid}",
    "DELETE /variables/name/{name:str}",
    "GET /csrf-token",
    "POST /events",
    "WEBSOCKET /events/in",
    "WEBSOCKET /events/out",
    "POST /events/filter",
    "GET /events/filter/next",
    "POST /events/count-by/{countable}",
    "POST /automations/",
    "PUT /automations/{id:uuid}",
    "PATCH /automations/{id:uuid}",
    "DELETE /automations/{id:uuid}",
    "POST /automations/filter",
    "POST /automations/count",
    "GET /automations/{id:uuid}",
    "GET /automations/related-to/{resource_id:str}",
    "DELETE /automations/owned-by/{resource_id:str}",
    "POST /templates/validate",
    "POST /automations/templates/validate",
    "POST /ui/flows/count-deployments",
    "POST /ui/flows/next-runs",
    "POST /ui/flow_runs/history",
    "POST /ui/flow_runs/count-task-runs",
    "POST /ui/schemas/validate",
    "POST /ui/task_runs/dashboard/counts",
    "POST /ui/task_runs/count",
    "GET /ui/task_runs/{id:uuid}",
    "GET /admin/settings",
    "GET /admin/version",
    "GET /admin/storage",
    "PUT /admin/storage",
    "DELETE /admin/storage",
    "GET /hello",
    "GET /ready",
)

# Starlette's uuid convertor: hyphens optional, any case
_UUID = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


def route_pattern(path: str) -> re.Pattern[str]:
    """The regex Starlette matches a route template against (one named group per path parameter)."""
    parts = re.split(r"(\{[^}]+\})", path)
    regex = "".join(
        f"(?P<{part[1:-1].split(':')[0]}>{_UUID if part.endswith(':uuid}') else '[^/]+'})"
        if part.startswith("{")
        else re.escape(part)
        for part in parts
    )
    return re.compile(regex)


#: (methods, pattern, template, ``Allow`` header text) per route, in registration order.
_TABLE = [
    (frozenset(methods.split(",")), route_pattern(template), template, methods.replace(",", ", "))
    for methods, template in (spec.split(" ", 1) for spec in PREFECT_ROUTES)
]


def allowed_methods(path: str) -> str:
    """Starlette's ``Allow`` header for `path`: the methods of the first route matching it ("" if none)."""
    return next((allow for _, pattern, _, allow in _TABLE if pattern.fullmatch(path)), "")


def match_prefect_route(method: str, path: str) -> tuple[str, str | None, dict[str, str]]:
    """How Prefect's router would treat ``method path`` (path without ``/api``).

    Returns ``("found", route, path parameters)`` (values as they appear in
    `path`), ``("method_not_allowed", None, {})`` or ``("not_found", None, {})``.
    Costs a regex per route tried (:func:`runfilter.api.dispatch.match`
    remembers recent answers).
    """
    partial = False
    for methods, pattern, route, _ in _TABLE:
        match = pattern.fullmatch(path)
        if match:
            if method in methods:
                return "found", route, match.groupdict()
            partial = True
    return ("method_not_allowed", None, {}) if partial else ("not_found", None, {})
