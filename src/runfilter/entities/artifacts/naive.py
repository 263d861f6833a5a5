"""Artifact and collection filters read record by record: the naive engine's reference (docs/semantics.md#artifacts)."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import ArtifactCollectionFilter, ArtifactFilter


def _ids_on(field: str) -> n.Rule:
    return lambda engine, artifact, sub: n.leaf(n.in_(getattr(artifact, field), sub.any_))


def _key(engine: Any, artifact: Any, sub: Any) -> Any:
    key = artifact.key
    checks = n.in_(key, sub.any_)
    if sub.like_:
        checks.append(n.like(engine.dialect, key, sub.like_))
    if sub.exists_ is not None:
        checks.append((key is not None) == sub.exists_)
    return n.leaf(checks)


_SHARED = {
    "key": _key,
    "flow_run_id": _ids_on("flow_run_id"),
    "task_run_id": _ids_on("task_run_id"),
    "type": n.strings_rule("type"),
}
_RULES = {"id": _ids_on("id"), **_SHARED}
_COLLECTION_RULES = {"latest_id": _ids_on("id"), **_SHARED}


def evaluate(engine: Any, artifact: Any, m: ArtifactFilter) -> Any:
    """Evaluate an ``ArtifactFilter`` on one artifact: True, False, EMPTY or GONE."""
    return n.op(m, n.evaluate_fields(engine, artifact, m, _RULES))


def evaluate_latest(engine: Any, artifact: Any, m: ArtifactCollectionFilter) -> Any:
    """Evaluate an ``ArtifactCollectionFilter`` on a key's latest artifact."""
    return n.op(m, n.evaluate_fields(engine, artifact, m, _COLLECTION_RULES))
