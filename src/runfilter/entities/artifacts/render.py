"""Artifacts and collections as Prefect 3.9.1 returns them (``Artifact``, ``ArtifactCollection``)."""

from __future__ import annotations

from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from .collections import ArtifactCollection
from .record import Artifact


def artifact(ctx: Context, a: Artifact | ArtifactCollection) -> dict[str, Any]:
    """An ``Artifact``; given a collection, the ``Artifact`` ``GET /artifacts/{key}/latest`` makes of it.

    Prefect answers that route with the collection row read as an artifact:
    the collection's id, created and updated, no ``latest_id``
    (docs/semantics.md#artifact-collections).
    """
    return {
        "id": a.id,
        "created": format_ts(a.created),
        "updated": format_ts(a.updated),
        "key": a.key,
        "type": a.type,
        "description": a.description,
        "data": ctx.engine.dialect.stored_json(a.data),
        "metadata_": a.metadata_,
        "flow_run_id": a.flow_run_id,
        "task_run_id": a.task_run_id,
    }


def collection(ctx: Context, c: ArtifactCollection) -> dict[str, Any]:
    """An ``ArtifactCollection``."""
    return {
        "id": c.id,
        "created": format_ts(c.created),
        "updated": format_ts(c.updated),
        "key": c.key,
        "latest_id": c.latest_id,
        "type": c.type,
        "description": c.description,
        "data": ctx.engine.dialect.stored_json(c.data),
        "metadata_": c.metadata_,
        "flow_run_id": c.flow_run_id,
        "task_run_id": c.task_run_id,
    }
