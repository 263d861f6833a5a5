"""The artifact routes: filter and count of artifacts and of the latest per key, reads by id and by key.

The list routes take ``sort``, ``limit``, ``offset``, then the artifact
filter and the flow-run, task-run, flow and deployment filters, in Prefect's
parameter order. The latest routes select each key's latest artifact with
the collection filter and answer the derived collections
(docs/semantics.md#artifact-collections).
"""

from __future__ import annotations

from typing import Any

from ...api import filter_params as f
from ...api.handlers import by_id_route, counting, listing, selection
from ...api.params import OFFSET, Params, sort_param
from ...api.route import Context, Route
from ...errors import NotFoundError
from ...query.selection import Selection
from ...query.sorting import top
from . import render
from .collections import collections
from .filters import COLLECTION_FILTER, FILTER
from .sorts import SORTS, ArtifactCollectionSort, ArtifactSort

# Prefect's body parameter order after the artifact filter: flow_runs, task_runs, flows, deployments
_RUN_FILTERS = (f.FLOW_RUNS, f.TASK_RUNS, f.FLOWS, f.DEPLOYMENTS)
_KEYS = {"artifacts": "artifacts", **f.RUN_KEYS}
_LATEST_KEYS = {"latest": "artifacts", **f.RUN_KEYS}
_MISSING = "Artifact not found."


def _latest_selection(ctx: Context, v: dict[str, Any]) -> tuple[Selection, Any]:
    """The latest artifact of each key that the body's filters select, and the collections."""
    found = collections(ctx)
    sel = selection("artifacts", v, _LATEST_KEYS)
    return Selection(sel.table, sel.filters, {"id": frozenset(found.by_latest)}), found


def _latest_listing(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    sel, found = _latest_selection(ctx, v)
    chosen = [found.by_latest[a.id] for a in ctx.engine.matching(sel)]
    page = top(chosen, SORTS[v["sort"].value], ctx.now, v["offset"], v["limit"], ctx.engine.dialect)
    return [render.collection(ctx, c) for c in page]


def _latest_count(ctx: Context, v: dict[str, Any]) -> int:
    return ctx.engine.count(_latest_selection(ctx, v)[0])


def _read_latest(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    key = ctx.path_params["key"]
    found = collections(ctx).by_key.get(key)
    if found is None:
        raise NotFoundError(404, {"detail": _MISSING}, f"no artifact with key {key!r}")
    return render.artifact(ctx, found)


_ARTIFACT_PARAMS = (FILTER, *_RUN_FILTERS)
_LATEST_PARAMS = (COLLECTION_FILTER, *_RUN_FILTERS)

#: The artifact read routes runfilter serves.
ROUTES = (
    Route(
        "POST",
        "/artifacts/filter",
        listing("artifacts", _KEYS, SORTS, render.artifact),
        Params((sort_param(ArtifactSort, ArtifactSort.ID_DESC), OFFSET, *_ARTIFACT_PARAMS), True),
    ),
    Route("POST", "/artifacts/count", counting("artifacts", _KEYS), Params(_ARTIFACT_PARAMS)),
    Route(
        "POST",
        "/artifacts/latest/filter",
        _latest_listing,
        Params((sort_param(ArtifactCollectionSort, ArtifactCollectionSort.ID_DESC), OFFSET, *_LATEST_PARAMS), True),
    ),
    Route("POST", "/artifacts/latest/count", _latest_count, Params(_LATEST_PARAMS)),
    by_id_route("artifacts", render.artifact, _MISSING),
    # Prefect tries {id:uuid} first, but "<uuid>/latest" has two segments, so it reaches this route as a key
    Route("GET", "/artifacts/{key}/latest", _read_latest),
)
