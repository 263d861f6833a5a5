"""Artifact and collection filters compiled to the condition IR, one rule per field (docs/semantics.md#artifacts).

Both read artifact records: the collection filter is applied to each key's
latest artifact, whose id is the collection's ``latest_id``
(docs/semantics.md#artifact-collections).
"""

from __future__ import annotations

from typing import Any

from ...query.compile import any_of, combined, compile_fields, ids, is_null, leaf, like, strings
from ...query.ir import Cond
from .filters import ArtifactCollectionFilter, ArtifactFilter


def _ids_on(field: str) -> Any:
    return lambda sub: leaf(any_of(field, sub.any_, ids))


def _key(sub: Any) -> Cond:
    # exists_ is IS NOT NULL / IS NULL on the key; like_ "" is ignored (Prefect tests its truthiness)
    return leaf(
        any_of("key", sub.any_)
        + like("key", sub.like_)
        + is_null("key", None if sub.exists_ is None else not sub.exists_)
    )


_SHARED = {
    "key": _key,
    "flow_run_id": _ids_on("flow_run_id"),
    "task_run_id": _ids_on("task_run_id"),
    "type": strings("type"),
}
_RULES = {"id": _ids_on("id"), **_SHARED}
_COLLECTION_RULES = {"latest_id": _ids_on("id"), **_SHARED}


def artifact_filter(m: ArtifactFilter) -> Cond:
    """``artifacts`` of ``/artifacts/filter|count`` → a condition on artifacts."""
    return combined(m, compile_fields(m, _RULES))


def collection_filter(m: ArtifactCollectionFilter) -> Cond:
    """``artifacts`` of ``/artifacts/latest/*`` → a condition on each key's latest artifact."""
    return combined(m, compile_fields(m, _COLLECTION_RULES))
