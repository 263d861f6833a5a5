"""How artifacts and collections sort: ``ArtifactSort`` / ``ArtifactCollectionSort`` (docs/semantics.md#sort-keys).

Both enums have the same options; a collection's ``created``, ``updated``
and ``id`` are its own (docs/semantics.md#artifact-collections), read off
the same attribute names.
"""

from __future__ import annotations

from ...query.sorting import Sort, by, sort_enum

#: Each sort option by name, in the order of Prefect's enum.
SORTS: dict[str, Sort] = {
    "CREATED_DESC": by("created", True),
    "UPDATED_DESC": by("updated", True),
    "ID_DESC": by("id", True),
    "KEY_DESC": by("key", True),
    "KEY_ASC": by("key", False),
}
#: Prefect's ``ArtifactSort``: the ``sort`` of ``/artifacts/filter``.
ArtifactSort = sort_enum("ArtifactSort", SORTS)
#: Prefect's ``ArtifactCollectionSort``: the ``sort`` of ``/artifacts/latest/filter``.
ArtifactCollectionSort = sort_enum("ArtifactCollectionSort", SORTS)
