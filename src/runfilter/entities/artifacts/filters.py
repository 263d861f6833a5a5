"""Prefect's ``ArtifactFilter`` and ``ArtifactCollectionFilter`` (body key ``artifacts``), field for field.

The collection filter reads the per-key collection (docs/semantics.md#artifact-collections);
its ``latest_id`` is the latest artifact's id, every other field that artifact's.
"""

from __future__ import annotations

from ...api.params import param
from ...query.filter_models import FilterModel, IdsAnyFilter, OperatorFilterModel, StringsNotFilter


class _KeyFilter(FilterModel):
    """Exact ``any_``, substring ``like_``, ``exists_`` (key not null)."""

    any_: list[str] | None = None
    like_: str | None = None
    exists_: bool | None = None


class ArtifactFilterId(IdsAnyFilter):
    """``artifacts.id``: ``any_``."""


class ArtifactFilterKey(_KeyFilter):
    """``artifacts.key``: ``any_`` / ``like_`` / ``exists_``."""


class ArtifactFilterFlowRunId(IdsAnyFilter):
    """``artifacts.flow_run_id``: ``any_``."""


class ArtifactFilterTaskRunId(IdsAnyFilter):
    """``artifacts.task_run_id``: ``any_``."""


class ArtifactFilterType(StringsNotFilter):
    """``artifacts.type``: ``any_`` / ``not_any_``."""


class ArtifactFilter(OperatorFilterModel):
    """Body key ``artifacts`` of ``/artifacts/filter|count``."""

    id: ArtifactFilterId | None = None
    key: ArtifactFilterKey | None = None
    flow_run_id: ArtifactFilterFlowRunId | None = None
    task_run_id: ArtifactFilterTaskRunId | None = None
    type: ArtifactFilterType | None = None


class ArtifactCollectionFilterLatestId(IdsAnyFilter):
    """``artifacts.latest_id`` (latest routes): ``any_``."""


class ArtifactCollectionFilterKey(_KeyFilter):
    """``artifacts.key`` (latest routes): ``any_`` / ``like_`` / ``exists_``."""


class ArtifactCollectionFilterFlowRunId(IdsAnyFilter):
    """``artifacts.flow_run_id`` (latest routes): ``any_``."""


class ArtifactCollectionFilterTaskRunId(IdsAnyFilter):
    """``artifacts.task_run_id`` (latest routes): ``any_``."""


class ArtifactCollectionFilterType(StringsNotFilter):
    """``artifacts.type`` (latest routes): ``any_`` / ``not_any_``."""


class ArtifactCollectionFilter(OperatorFilterModel):
    """Body key ``artifacts`` of ``/artifacts/latest/filter|count``: ``latest_id`` where the other has ``id``."""

    latest_id: ArtifactCollectionFilterLatestId | None = None
    key: ArtifactCollectionFilterKey | None = None
    flow_run_id: ArtifactCollectionFilterFlowRunId | None = None
    task_run_id: ArtifactCollectionFilterTaskRunId | None = None
    type: ArtifactCollectionFilterType | None = None


#: The body key carrying an artifact filter (``/artifacts/filter|count``).
FILTER = param("artifacts", ArtifactFilter | None)
#: The same body key on the latest routes, carrying a collection filter.
COLLECTION_FILTER = param("artifacts", ArtifactCollectionFilter | None)
