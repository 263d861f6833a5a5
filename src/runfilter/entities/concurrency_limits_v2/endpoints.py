"""The concurrency-limit read routes: v1 (``/concurrency_limits/...``, tag limits only) and v2 (every limit).

Prefect 3.9.1 answers both from its one table (docs/semantics.md#concurrency-limits):

* v1 sees only the rows named ``tag:<tag>``, as ``ConcurrencyLimit`` objects
  with no slot holders; ``/concurrency_limits/filter`` pages them in its own
  way (:func:`_first_rows_then_tags`); a read of another row is a 404;
* v2 sees every row by name, its ``active_slots`` decayed at the request's
  clock; ``GET /v2/concurrency_limits/{id_or_name}`` reads by id when the
  text is a UUID (any spelling Python's ``uuid.UUID`` reads), else by name.

Writes (create, update, delete, increment, decrement, leases) stay 501.
"""

from __future__ import annotations

import uuid
from typing import Any

from ...api.params import OFFSET, Params
from ...api.route import Context, Route
from ...errors import NotFoundError
from ...query.selection import Selection
from . import render
from .load import TAG_PREFIX
from .sorts import SORTS

_TABLE = "concurrency_limits_v2"
_V1_MISSING = "Concurrency limit not found"
_V2_MISSING = "Concurrency Limit not found"


def _by_name(ctx: Context, name: str) -> Any:
    found = ctx.engine.matching(Selection(_TABLE, match={"name": frozenset({name})}))
    return found[0] if found else None


def _first_rows_then_tags(ctx: Context, offset: int, limit: int) -> list[Any]:
    """Prefect's v1 paging: the first ``offset + limit`` rows of *all* limits by name, then only the
    ``tag:`` ones among them, then ``[offset:offset + limit]`` of those.

    So a page comes back short, or empty, when other limits (``deployment:``,
    global ones) sort before the tags. Pinned by ``k13_limits_v1.json``.
    """
    first = ctx.engine.select(Selection(_TABLE), SORTS["NAME_ASC"], ctx.now, 0, offset + limit)
    return [row for row in first if row.name.startswith(TAG_PREFIX)][offset : offset + limit]


def _v1_filter(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /concurrency_limits/filter``."""
    return [render.tag_limit(ctx, row) for row in _first_rows_then_tags(ctx, v["offset"], v["limit"])]


def _v1_missing(ctx: Context) -> NotFoundError:
    return NotFoundError(404, {"detail": _V1_MISSING}, f"no tag concurrency limit {ctx.path_params}")


def _v1_read(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /concurrency_limits/{id}``: a ``tag:`` row by id (any other row is not a v1 limit)."""
    row = ctx.engine.record(_TABLE, ctx.path_params["id"])
    if row is None or not row.name.startswith(TAG_PREFIX):
        raise _v1_missing(ctx)
    return render.tag_limit(ctx, row)


def _v1_read_by_tag(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /concurrency_limits/tag/{tag}``: the row named ``tag:<tag>`` (exactly)."""
    row = _by_name(ctx, TAG_PREFIX + ctx.path_params["tag"])
    if row is None:
        raise _v1_missing(ctx)
    return render.tag_limit(ctx, row)


def _v2_filter(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /v2/concurrency_limits/filter``: every limit by name, paged, slots decayed."""
    rows = ctx.engine.select(Selection(_TABLE), SORTS["NAME_ASC"], ctx.now, v["offset"], v["limit"])
    return [render.decayed_limit(ctx, row) for row in rows]


def _v2_read(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /v2/concurrency_limits/{id_or_name}``: by id if the text reads as a UUID, else by exact name."""
    text = ctx.path_params["id_or_name"]
    try:
        limit_id = str(uuid.UUID(text))
    except ValueError:
        row = _by_name(ctx, text)
    else:
        row = ctx.engine.record(_TABLE, limit_id)
    if row is None:
        raise NotFoundError(404, {"detail": _V2_MISSING}, f"no concurrency limit {text!r}")
    return render.decayed_limit(ctx, row)


#: The concurrency-limit read routes, v1 and v2.
ROUTES = (
    Route("POST", "/concurrency_limits/filter", _v1_filter, Params((OFFSET,), True)),
    Route("GET", "/concurrency_limits/{id:uuid}", _v1_read),
    Route("GET", "/concurrency_limits/tag/{tag}", _v1_read_by_tag),
    Route("POST", "/v2/concurrency_limits/filter", _v2_filter, Params((OFFSET,), True)),
    Route("GET", "/v2/concurrency_limits/{id_or_name}", _v2_read),
)
