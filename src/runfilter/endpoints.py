"""The served endpoints: route a request, validate its body, answer it like Prefect.

Every endpoint follows one path — body spec (:mod:`runfilter.bodies`) →
condition IR (:mod:`runfilter.query.build`) → matching records
(:mod:`runfilter.query.planner`) → sort/page (:mod:`runfilter.sorting`) or
history (:mod:`runfilter.history`) → JSON (:mod:`runfilter.responses`). The
handlers below only say which table, which join rules and which row shape.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from . import history as hist
from .bodies import BODY_SPECS
from .errors import NotFoundError, RequestError
from .query import build
from .query.ir import Cond, In, where
from .responses import Renderer
from .routes import match_prefect_route
from .sorting import SORTS

NOT_FOUND = {"detail": "Not Found"}


@dataclass
class Context:
    """What a handler needs for one request: the query engine, the renderer and the clock (µs)."""

    engine: Any  # runfilter.query.planner.QueryEngine
    render: Renderer
    now: int
    path_params: dict[str, str]


def _rows(ctx: Context, table: str, cond: Cond, sort: str, offset: int, limit: int) -> list[Any]:
    return ctx.engine.select(table, cond, SORTS[table][sort], ctx.now, offset, limit)


def _paginate(ctx: Context, table: str, cond: Cond, v: dict[str, Any], row: Callable[[Any], Any]) -> dict[str, Any]:
    limit, page = v["limit"], v["page"]
    count = ctx.engine.count(table, cond)
    rows = _rows(ctx, table, cond, v["sort"].value, (page - 1) * limit, limit)
    return {
        "results": [row(r) for r in rows],
        "count": count,
        "limit": limit,
        "pages": math.ceil(count / limit) if limit > 0 else 0,
        "page": page,
    }


def _filters(v: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: v[name] for name in names}


_FLOW_RUN_KEYS = ("flows", "flow_runs", "task_runs", "deployments", "work_pools")
_RUN_KEYS = ("flows", "flow_runs", "task_runs", "deployments")


def _flow_run_cond(v: dict[str, Any], queue_key: str = "work_pool_queues") -> Cond:
    return build.flow_runs_where(**_filters(v, *_FLOW_RUN_KEYS), work_queues=v[queue_key])


def _task_run_cond(v: dict[str, Any]) -> Cond:
    return build.task_runs_where(**_filters(v, *_RUN_KEYS))


def _flow_cond(v: dict[str, Any]) -> Cond:
    return build.flows_where(**_filters(v, *_FLOW_RUN_KEYS))


def _deployment_cond(v: dict[str, Any]) -> Cond:
    return build.deployments_where(**_filters(v, *_FLOW_RUN_KEYS), work_queues=v["work_pool_queues"])


def _history(ctx: Context, table: str, cond: Cond, v: dict[str, Any]) -> list[dict[str, Any]]:
    interval = hist.interval_from_seconds(v["history_interval_seconds"])
    runs = ctx.engine.matching(table, cond)
    return hist.history(runs, v["history_start"], v["history_end"], interval, ctx.now)


def _pool_queues(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    name = ctx.path_params["name"]
    pool = ctx.engine.pool_named(name)
    if pool is None:
        raise NotFoundError(404, {"detail": f'Work pool "{name}" not found.'}, f"no work pool named {name!r}")
    cond = where([build.work_queues_where(v["work_queues"]), In("work_pool_id", frozenset({pool.id}))])
    rows = _rows(ctx, "work_queues", cond, "PRIORITY_ASC", v["offset"], v["limit"])
    return [ctx.render.work_queue(q, slots="pool_queues") for q in rows]


Handler = Callable[[Context, dict[str, Any]], Any]

#: One handler per served endpoint (keys as in :data:`runfilter.bodies.BODY_SPECS`).
HANDLERS: dict[str, Handler] = {
    "flow_runs/filter": lambda c, v: [
        c.render.flow_run(r) for r in _rows(c, "flow_runs", _flow_run_cond(v), v["sort"].value, v["offset"], v["limit"])
    ],
    "flow_runs/count": lambda c, v: c.engine.count("flow_runs", _flow_run_cond(v)),
    "flow_runs/paginate": lambda c, v: _paginate(c, "flow_runs", _flow_run_cond(v), v, c.render.flow_run),
    "flow_runs/history": lambda c, v: _history(c, "flow_runs", _flow_run_cond(v, "work_queues"), v),
    "task_runs/filter": lambda c, v: [
        c.render.task_run(r) for r in _rows(c, "task_runs", _task_run_cond(v), v["sort"].value, v["offset"], v["limit"])
    ],
    "task_runs/count": lambda c, v: c.engine.count("task_runs", _task_run_cond(v)),
    "task_runs/paginate": lambda c, v: _paginate(c, "task_runs", _task_run_cond(v), v, c.render.task_run_summary),
    "task_runs/history": lambda c, v: _history(c, "task_runs", _task_run_cond(v), v),
    "flows/filter": lambda c, v: [
        c.render.flow(r) for r in _rows(c, "flows", _flow_cond(v), v["sort"].value, v["offset"], v["limit"])
    ],
    "flows/count": lambda c, v: c.engine.count("flows", _flow_cond(v)),
    "flows/paginate": lambda c, v: _paginate(c, "flows", _flow_cond(v), v, c.render.flow),
    "deployments/filter": lambda c, v: [
        c.render.deployment(r)
        for r in _rows(c, "deployments", _deployment_cond(v), v["sort"].value, v["offset"], v["limit"])
    ],
    "deployments/count": lambda c, v: c.engine.count("deployments", _deployment_cond(v)),
    "deployments/paginate": lambda c, v: _paginate(c, "deployments", _deployment_cond(v), v, c.render.deployment),
    "work_pools/filter": lambda c, v: [
        c.render.work_pool(r)
        for r in _rows(c, "work_pools", build.work_pools_where(v["work_pools"]), "NAME_ASC", v["offset"], v["limit"])
    ],
    "work_pools/count": lambda c, v: c.engine.count("work_pools", build.work_pools_where(v["work_pools"])),
    "work_queues/filter": lambda c, v: [
        c.render.work_queue(r, slots="work_queues")
        for r in _rows(c, "work_queues", build.work_queues_where(v["work_queues"]), "NAME_ASC", v["offset"], v["limit"])
    ],
    "work_pools/{name}/queues/filter": _pool_queues,
}


def normalise_path(path: str) -> str:
    """``/api/flow_runs/filter`` → ``/flow_runs/filter`` (a leading slash added, the ``/api`` prefix removed)."""
    path = "/" + path.lstrip("/")
    return path[4:] if path == "/api" or path.startswith("/api/") else path


def route(method: str, path: str) -> tuple[str, dict[str, str]]:
    """The served endpoint for ``method path`` and its path parameters, or raise Prefect's 404/405/501."""
    path = normalise_path(path)
    method = method.upper()
    if method == "POST":
        key = path[1:]
        if key in HANDLERS:
            return key, {}
        parts = path.split("/")
        if len(parts) == 5 and parts[1] == "work_pools" and parts[3:] == ["queues", "filter"] and parts[2]:
            return "work_pools/{name}/queues/filter", {"name": unquote(parts[2])}
    outcome, prefect_route = match_prefect_route(method, path)
    if outcome == "found":
        raise RequestError(
            501,
            {
                "detail": f"runfilter does not serve {method} {prefect_route} "
                f"(a Prefect API route; runfilter answers the query endpoints only)"
            },
            f"not served by runfilter: {method} {path}",
        )
    if outcome == "method_not_allowed":
        raise RequestError(405, {"detail": "Method Not Allowed"}, f"method not allowed: {method} {path}")
    raise NotFoundError(404, NOT_FOUND, f"not found: {method} {path}")


def answer(make_context: Callable[[dict[str, str]], Context], method: str, path: str, body: Any) -> Any:
    """Run one request; returns the JSON-ready payload or raises a :class:`RequestError`."""
    endpoint, path_params = route(method, path)
    values = BODY_SPECS[endpoint].validate(body)
    return HANDLERS[endpoint](make_context(path_params), values)


def status_and_payload(call: Callable[[], Any]) -> tuple[int, Any]:
    """``(200, payload)`` or the status and body of the :class:`RequestError` raised."""
    try:
        return 200, call()
    except RequestError as exc:
        return exc.status, exc.payload


__all__ = ["HANDLERS", "NOT_FOUND", "Context", "answer", "normalise_path", "route", "status_and_payload"]
