"""Artifacts: the artifact and latest-artifact ("collection") reads, answered for a database holding none.

``POST /artifacts/filter|count`` and ``/artifacts/latest/filter|count``
take Prefect's ``ArtifactFilter`` / ``ArtifactCollectionFilter`` (mirrored
below field for field, under Prefect's class names) plus the flow-run, task-run,
flow and deployment filters of the run routes, validated exactly as there;
lists are ``[]``, counts ``0``. ``GET /artifacts/{id}`` and
``GET /artifacts/{key}/latest`` are 404 ``Artifact not found.``
(docs/semantics.md#unheld-kinds).
"""

from __future__ import annotations

from ..api.filter_params import DEPLOYMENTS, FLOW_RUNS, FLOWS, TASK_RUNS
from ..api.params import OFFSET, Params, param, sort_param
from ..api.route import Route
from ..query.filter_models import FilterModel, IdsAnyFilter, OperatorFilterModel, StringsNotFilter
from ..query.sorting import sort_enum
from ._common import empty_list, not_found, zero


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


_ORDER = ("CREATED_DESC", "UPDATED_DESC", "ID_DESC", "KEY_DESC", "KEY_ASC")
#: Prefect's ``ArtifactSort``: the ``sort`` of ``/artifacts/filter``.
ArtifactSort = sort_enum("ArtifactSort", _ORDER)
#: Prefect's ``ArtifactCollectionSort``: the ``sort`` of ``/artifacts/latest/filter`` (same names).
ArtifactCollectionSort = sort_enum("ArtifactCollectionSort", _ORDER)

# Prefect's body parameter order after the artifact filter: flow_runs, task_runs, flows, deployments
_RUN_FILTERS = (FLOW_RUNS, TASK_RUNS, FLOWS, DEPLOYMENTS)
_ARTIFACTS = param("artifacts", ArtifactFilter | None)
_LATEST = param("artifacts", ArtifactCollectionFilter | None)
_MISSING = not_found({"detail": "Artifact not found."})

#: The artifact read routes (list routes: sort, limit, offset, then the filters).
ROUTES = (
    Route(
        "POST",
        "/artifacts/filter",
        empty_list,
        Params((sort_param(ArtifactSort, ArtifactSort.ID_DESC), OFFSET, _ARTIFACTS, *_RUN_FILTERS), True),
    ),
    Route("POST", "/artifacts/count", zero, Params((_ARTIFACTS, *_RUN_FILTERS))),
    Route(
        "POST",
        "/artifacts/latest/filter",
        empty_list,
        Params(
            (sort_param(ArtifactCollectionSort, ArtifactCollectionSort.ID_DESC), OFFSET, _LATEST, *_RUN_FILTERS), True
        ),
    ),
    Route("POST", "/artifacts/latest/count", zero, Params((_LATEST, *_RUN_FILTERS))),
    Route("GET", "/artifacts/{id:uuid}", _MISSING),
    # Prefect tries {id:uuid} first, but "<uuid>/latest" has two segments, so it reaches this route as a key
    Route("GET", "/artifacts/{key}/latest", _MISSING),
)

__all__ = [
    "ROUTES",
    "ArtifactCollectionFilter",
    "ArtifactCollectionFilterFlowRunId",
    "ArtifactCollectionFilterKey",
    "ArtifactCollectionFilterLatestId",
    "ArtifactCollectionFilterTaskRunId",
    "ArtifactCollectionFilterType",
    "ArtifactCollectionSort",
    "ArtifactFilter",
    "ArtifactFilterFlowRunId",
    "ArtifactFilterId",
    "ArtifactFilterKey",
    "ArtifactFilterTaskRunId",
    "ArtifactFilterType",
    "ArtifactSort",
]
