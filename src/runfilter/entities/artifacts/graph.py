"""The artifacts of a flow run as ``GET /flow_runs/{id}/graph-v2`` lists them (docs/semantics.md#artifacts).

Prefect lists the run's artifacts whose ``type`` is not ``result`` (SQL
``!=``, so an artifact without a type is left out too), oldest ``created``
first, at most ``PREFECT_API_MAX_FLOW_RUN_GRAPH_ARTIFACTS``; each goes to the
node of its task run (top level without one; an artifact of a task run that
is not a node is not shown). ``is_latest``: no key, or the latest of its key;
``data`` only for progress artifacts (as the database stores it). Subflows' artifacts are not included.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ...api.route import Context
from ...query.selection import Selection
from ...timeutil import format_ts
from .collections import collections

#: Prefect's ``PREFECT_API_MAX_FLOW_RUN_GRAPH_ARTIFACTS`` default.
MAX_ARTIFACTS = 10_000


def graph_artifacts(ctx: Context, flow_run_id: str) -> dict[str | None, list[dict[str, Any]]]:
    """The run's graph artifacts by task run id (None: the run's own)."""
    own = ctx.engine.matching(Selection("artifacts", match={"flow_run_id": frozenset({flow_run_id})}))
    shown = sorted((a for a in own if a.type is not None and a.type != "result"), key=lambda a: (a.created, a.seq))
    latest = collections(ctx).by_latest if any(a.key is not None for a in shown) else {}
    by_task: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for a in shown[:MAX_ARTIFACTS]:
        by_task[a.task_run_id].append(
            {
                "id": a.id,
                "created": format_ts(a.created),
                "key": a.key,
                "type": a.type,
                "is_latest": a.key is None or a.id in latest,
                "data": ctx.engine.dialect.stored_json(a.data) if a.type == "progress" else None,
            }
        )
    return by_task
