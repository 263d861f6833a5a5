"""Handlers every kind's routes are made of: list, count, paginate, history, read one record.

Each builder returns a :data:`~runfilter.api.route.Handler` answering from
the request's engine, so no route has its own copy of filtering, sorting or
paging: body filters → :class:`~runfilter.query.selection.Selection` →
engine (``select``/``count``/``history_aggregate``) → a row renderer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from ..entities.runs import history as hist
from ..entities.runs.conditions import unusable_bounds
from ..errors import NotFoundError, prefect_500
from ..query.selection import Selection
from ..query.sorting import Sort
from ..timeutil import to_us
from .params import OFFSET, PAGE, Param, Params
from .route import Context, Handler, Route

#: A renderer: ``row(ctx, record)`` → the record's JSON (``entities/<kind>/render.py``).
Row = Callable[[Context, Any], Any]


def selection(table: str, values: Mapping[str, Any], keys: Mapping[str, str], deferred: bool = False) -> Selection:
    """The validated body's filters for `table`: `keys` maps each filter key to the body key carrying it.

    The queue filter's body key differs by route (docs/semantics.md#body-keys):
    ``work_pool_queues`` on flow-run and deployment routes, ``work_queues``
    on history and the queue routes. `deferred` leaves the request-datetime
    check to the caller (history answers an empty range first).
    """
    sel = Selection(table, {key: values.get(body_key) for key, body_key in keys.items()})
    return sel if deferred else bind_request_datetimes(sel)


def bind_request_datetimes(sel: Selection) -> Selection:
    """Raise Prefect's 500 if the selection binds a ``before_``/``after_`` with a ±24:00 offset.

    Prefect fails whatever the data and even for limit 0, where the engines
    take shortcuts; compiling the selection raises that ServerError wherever
    SQLAlchemy would keep the bound (docs/semantics.md#server-errors).
    """
    runs = (sel.filters.get("flow_runs"), sel.filters.get("task_runs"))
    if any(m is not None and unusable_bounds(m) for m in runs):
        sel.compile()
    return sel


def rows(ctx: Context, sel: Selection, sort: Sort, offset: int, limit: int | None) -> list[Any]:
    """The page ``[offset, offset + limit)`` of the selection in `sort` order.

    Prefect's 500 when the database cannot bind the offset or limit (an
    integer past 64 bits on SQLite), whatever the rows.
    """
    bind_integers(ctx, offset=offset, limit=limit)
    return ctx.engine.select(sel, sort, ctx.now, offset, limit)


def bind_integers(ctx: Context, **values: int | None) -> None:
    """Raise Prefect's 500 for an integer SQL parameter the dialect cannot bind (docs/semantics.md#server-errors)."""
    binds = ctx.engine.dialect.binds_integer
    for name, value in values.items():
        if value is not None and not binds(value):
            raise prefect_500(f"{name} {value} cannot be bound as an SQL integer")


def listing(
    table: str, keys: Mapping[str, str], sorts: Mapping[str, Sort], row: Row, fixed: str | None = None
) -> Handler:
    """``/<kind>/filter``: a page of matching records, sorted by the body's ``sort`` (or the route's `fixed` one)."""

    def handler(ctx: Context, v: dict[str, Any]) -> list[Any]:
        sort = sorts[fixed if fixed is not None else v["sort"].value]
        return [row(ctx, r) for r in rows(ctx, selection(table, v, keys), sort, v["offset"], v["limit"])]

    return handler


def counting(table: str, keys: Mapping[str, str]) -> Handler:
    """``/<kind>/count``: how many records match."""
    return lambda ctx, v: ctx.engine.count(selection(table, v, keys))


def paginating(table: str, keys: Mapping[str, str], sorts: Mapping[str, Sort], row: Row) -> Handler:
    """``/<kind>/paginate``: one page of matching records with the count and number of pages."""

    def handler(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
        limit, page = v["limit"], v["page"]
        sel = selection(table, v, keys)
        count = ctx.engine.count(sel)
        return {
            "results": [row(ctx, r) for r in rows(ctx, sel, sorts[v["sort"].value], (page - 1) * limit, limit)],
            "count": count,
            "limit": limit,
            "pages": math.ceil(count / limit) if limit > 0 else 0,
            "page": page,
        }

    return handler


def history(table: str, keys: Mapping[str, str]) -> Handler:
    """``/<runs>/history``: counts and sums of matching runs per interval and state (docs/semantics.md#history)."""

    def handler(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
        sel = selection(table, v, keys, deferred=True)
        interval = hist.interval_from_seconds(v["history_interval_seconds"])
        bounds, seconds_per_bucket = hist.plan_intervals(v["history_start"], v["history_end"], interval)
        if not bounds:
            return []
        bind_request_datetimes(sel)  # after the empty-range answer, as in Prefect
        window = hist.Window(to_us(bounds[0]), to_us(bounds[-1]), len(bounds) - 1, seconds_per_bucket, ctx.now)
        groups = ctx.engine.history_aggregate(sel, window)
        return hist.render_history(bounds, groups, ctx.engine.dialect)

    return handler


def read_one(find: Callable[[Any, dict[str, str]], Any], row: Row, missing: str) -> Handler:
    """A GET of one record: `find(engine, path parameters)` it, else Prefect's 404 with the `missing` detail."""

    def handler(ctx: Context, v: dict[str, Any]) -> Any:
        record = find(ctx.engine, ctx.path_params)
        if record is None:
            raise NotFoundError(404, {"detail": missing}, f"{missing.lower()}: {ctx.path_params}")
        return row(ctx, record)

    return handler


def query_routes(
    table: str,
    filters: tuple[Param, ...],
    keys: Mapping[str, str],
    sorts: Mapping[str, Sort],
    sort: Param,
    row: Row,
    sort_first: bool = False,
    page_row: Row | None = None,
) -> tuple[Route, Route, Route]:
    """A kind's ``/filter``, ``/count`` and ``/paginate`` routes over the same filters.

    Prefect's parameter order puts ``sort`` first on the run routes
    (`sort_first`) and last on flows and deployments; `page_row` renders
    ``/paginate`` rows where they differ from ``/filter``'s.
    """

    def params(paging: Param) -> Params:
        return Params((sort, paging, *filters) if sort_first else (paging, *filters, sort), True)

    return (
        Route("POST", f"/{table}/filter", listing(table, keys, sorts, row), params(OFFSET)),
        Route("POST", f"/{table}/count", counting(table, keys), Params(filters)),
        Route("POST", f"/{table}/paginate", paginating(table, keys, sorts, page_row or row), params(PAGE)),
    )


def by_id_route(table: str, row: Row, missing: str) -> Route:
    """``GET /<table>/{id}``: one record by id, else Prefect's 404 with the `missing` detail."""
    return Route("GET", f"/{table}/{{id:uuid}}", read_one(lambda e, p: e.record(table, p["id"]), row, missing))


__all__ = [
    "Row",
    "bind_request_datetimes",
    "by_id_route",
    "counting",
    "history",
    "listing",
    "paginating",
    "query_routes",
    "read_one",
    "rows",
    "selection",
]
