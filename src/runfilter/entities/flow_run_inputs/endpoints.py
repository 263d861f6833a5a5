"""The flow-run input routes: the inputs of a run by key prefix, and one input's value
(docs/semantics.md#flow-run-inputs).

Neither route looks the flow run up: an unknown run answers as a run
without inputs (``[]``, or the input's 404).
"""

from __future__ import annotations

from typing import Any

from ...api.handlers import bind_integers, read_one
from ...api.params import REQUIRED, Params, param
from ...api.route import Context, Route
from ...query.selection import Selection
from . import render
from .sorts import SORTS


def sqlite_limit(ctx: Context, limit: int) -> int | None:
    """``LIMIT n`` as SQLite reads it: a negative limit is no limit (None); one it cannot bind is Prefect's 500.

    The route takes a plain integer body key (default 1), not the checked
    ``limit`` of list routes (cases ``uh_flow_run_inputs`` limit-*, ``k13_flow_run_inputs``).
    """
    bind_integers(ctx, limit=limit)
    return None if limit < 0 else limit


def _inputs_of_run(ctx: Context, run_id: str) -> list[Any]:
    """The run's inputs, oldest first (ties in load order, as SQLite reads them)."""
    of_run = Selection("flow_run_inputs", match={"flow_run_id": frozenset({run_id})})
    return ctx.engine.select(of_run, SORTS["CREATED_ASC"], ctx.now, 0, None)


def _filter(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``POST /flow_runs/{id}/input/filter``: keys ``LIKE 'prefix%'`` (the dialect's LIKE: on SQLite ``%``/``_``
    are wildcards and ASCII case folds), not in ``exclude_keys``, oldest first, at most ``limit``."""
    limit = sqlite_limit(ctx, v["limit"])
    matcher = ctx.engine.dialect.like_matcher(v["prefix"] + "%")
    excluded = frozenset(v["exclude_keys"])
    kept = [i for i in _inputs_of_run(ctx, ctx.path_params["id"]) if i.key not in excluded and matcher(i.key)]
    return [render.flow_run_input(ctx, i) for i in (kept if limit is None else kept[:limit])]


def input_with_key(engine: Any, path: dict[str, str]) -> Any:
    """The input of the path's run under exactly the path's ``key``, or None."""
    of_run = Selection("flow_run_inputs", match={"flow_run_id": frozenset({path["id"]})})
    return next((i for i in engine.matching(of_run) if i.key == path["key"]), None)


#: The flow-run input routes runfilter serves.
ROUTES = (
    # Prefect's own body keys: a plain `limit` (default 1, no range check), not the LimitBody of list routes
    Route(
        "POST",
        "/flow_runs/{id:uuid}/input/filter",
        _filter,
        Params((param("prefix", str, REQUIRED), param("limit", int, 1), param("exclude_keys", list[str], []))),
    ),
    Route(
        "GET",
        "/flow_runs/{id:uuid}/input/{key}",
        read_one(input_with_key, render.input_value, "Flow run input not found"),
    ),
)
