"""Reads of run states: ``GET /flow_run_states/...`` and ``GET /task_run_states/...`` (docs/semantics.md#run-states).

A run holds its state history (docs/semantics.md#state-history): the
states before the current one, then the current one. A run's state list is
that history, oldest first, which is Prefect's order (by timestamp; a
history's timestamps strictly increase), and a state is found by its id
through the run holding it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ...api.params import REQUIRED, Params, param
from ...api.route import Context, Route
from ...errors import NotFoundError
from .render import history_json


def _history(kind: str, run: Any) -> list[dict[str, Any]]:
    # the details Prefect's orchestration writes: flow runs name their parent task, task runs themselves
    if kind == "flow_runs":
        return history_json(run, run.id, run.parent_task_run_id)
    return history_json(run, run.flow_run_id, run.id)


def state_routes(kind: str, prefix: str, run_param: str) -> tuple[Route, Route]:
    """``GET /<prefix>/{id}`` and ``GET /<prefix>/?<run_param>=`` for the runs of `kind`.

    Prefect's 404 says "Flow run state not found" for task-run states too.
    """

    def read_state(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
        wanted = ctx.path_params["id"]
        run = ctx.engine.state_owner(kind, wanted)
        if run is None:
            raise NotFoundError(404, {"detail": "Flow run state not found"}, f"no state {wanted}")
        return next(state for state in _history(kind, run) if state["id"] == wanted)

    def read_states(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
        run = ctx.engine.record(kind, str(v[run_param]))
        return [] if run is None else _history(kind, run)

    return (
        Route("GET", f"/{prefix}/{{id:uuid}}", read_state),
        Route("GET", f"/{prefix}/", read_states, Params((param(run_param, UUID, REQUIRED, "query"),))),
    )


__all__ = ["state_routes"]
