"""The per-key artifact collection, derived from the artifacts (docs/semantics.md#artifact-collections).

Prefect keeps a row per artifact key (table ``artifact_collection``) for
``/artifacts/latest/*`` and ``/artifacts/{key}/latest``. runfilter never
stores it: it is a function of the key's artifacts, the one the oracle's
loader applies. The latest artifact is the one with the greatest ``created``
(ties: the later inserted, i.e. later in the dataset); it gives ``latest_id``
and every field. The collection's ``created`` is the key's earliest
``created``, its ``updated`` the latest artifact's ``updated``, its id
``uuid5(<id of the key's earliest artifact>, "artifact-collection")``.

:class:`ArtifactCollections` follows the artifact table through every
commit (insert, upsert, delete), recomputing only the keys a commit touches;
:func:`derive_collections` computes the same from scratch (the naive engine
and :meth:`ArtifactCollections.check` use it).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ...api.route import Context
from .record import Artifact

_COLLECTION_NAMESPACE_NAME = "artifact-collection"


@dataclass(frozen=True, slots=True)
class ArtifactCollection:
    """One key's collection, as Prefect's ``ArtifactCollection`` row (``seq``: its first artifact's)."""

    id: str
    seq: int
    key: str
    latest_id: str
    type: str | None
    description: str | None
    data: Any
    metadata_: dict[str, str] | None
    flow_run_id: str | None
    task_run_id: str | None
    created: int
    updated: int


def _order(artifact: Artifact) -> tuple[int, int]:
    # latest = greatest created, then the later inserted (the oracle: later in the dataset)
    return artifact.created, artifact.seq


def collection_of(members: Iterable[Artifact]) -> ArtifactCollection:
    """The collection of one key's artifacts (at least one)."""
    ordered = sorted(members, key=_order)
    first, latest = ordered[0], ordered[-1]
    return ArtifactCollection(
        id=str(uuid.uuid5(uuid.UUID(first.id), _COLLECTION_NAMESPACE_NAME)),
        seq=first.seq,
        key=latest.key,  # type: ignore[arg-type]
        latest_id=latest.id,
        type=latest.type,
        description=latest.description,
        data=latest.data,
        metadata_=latest.metadata_,
        flow_run_id=latest.flow_run_id,
        task_run_id=latest.task_run_id,
        created=first.created,
        updated=latest.updated,
    )


def derive_collections(artifacts: Iterable[Artifact]) -> dict[str, ArtifactCollection]:
    """Every key's collection, computed from scratch (artifacts without a key have none)."""
    by_key: dict[str, list[Artifact]] = defaultdict(list)
    for artifact in artifacts:
        if artifact.key is not None:
            by_key[artifact.key].append(artifact)
    return {key: collection_of(members) for key, members in by_key.items()}


class ArtifactCollections:
    """The collections of the store's artifacts, kept up to date by every commit of the artifact table.

    A commit recomputes the keys it touches, O(artifacts of those keys).
    """

    follows = ("artifacts",)

    def __init__(self, artifacts: Iterable[Artifact]) -> None:
        self._members: dict[str, dict[str, Artifact]] = defaultdict(dict)
        for artifact in artifacts:
            if artifact.key is not None:
                self._members[artifact.key][artifact.id] = artifact
        #: each key's collection
        self.by_key: dict[str, ArtifactCollection] = {k: collection_of(m.values()) for k, m in self._members.items()}
        self._by_latest: dict[str, ArtifactCollection] | None = None

    def apply(self, table: str, removed: Iterable[Artifact], added: Iterable[Artifact]) -> None:
        """Move changed artifacts out of (`removed`) or into (`added`) their keys; recompute those keys."""
        touched = set()
        for artifact in removed:
            if artifact.key is not None:
                self._members[artifact.key].pop(artifact.id, None)
                touched.add(artifact.key)
        for artifact in added:
            if artifact.key is not None:
                self._members[artifact.key][artifact.id] = artifact
                touched.add(artifact.key)
        for key in touched:
            members = self._members.get(key)
            if members:
                self.by_key[key] = collection_of(members.values())
            else:
                self._members.pop(key, None)
                self.by_key.pop(key, None)
        if touched:
            self._by_latest = None

    @property
    def by_latest(self) -> dict[str, ArtifactCollection]:
        """Each collection by the id of its latest artifact."""
        if self._by_latest is None:
            self._by_latest = {c.latest_id: c for c in self.by_key.values()}
        return self._by_latest

    def check(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        """Assert the collections are those of the artifacts now stored."""
        assert self.by_key == derive_collections(tables["artifacts"].values()), "artifact collections out of sync"


class _Derived:
    """The collections computed afresh for one request (the naive engine's reading)."""

    def __init__(self, artifacts: Iterable[Artifact]) -> None:
        self.by_key = derive_collections(artifacts)
        self.by_latest = {c.latest_id: c for c in self.by_key.values()}


def collections(ctx: Context) -> Any:
    """The collections the request sees: the store's followed structure for the planned engine,
    derived from scratch for the naive one (which holds no store)."""
    store = getattr(ctx.engine, "store", None)
    if store is None:
        return _Derived(ctx.tables["artifacts"].values())
    return store.derived(("artifact_collections",), lambda: ArtifactCollections(store.tables["artifacts"].values()))


__all__ = ["ArtifactCollection", "ArtifactCollections", "collection_of", "collections", "derive_collections"]
