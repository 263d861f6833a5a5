"""Automations: ``POST /automations/filter``, ``/automations/count``, ``GET /automations/{id}`` and
``GET /automations/related-to/{resource_id}``.

No dataset carries automations: the list is empty, the count 0, a read by id
404 ``{"exception_message": "Automation not found"}`` and the automations
related to any resource none (docs/semantics.md#unheld-kinds). The body is
validated with Prefect's ``AutomationFilter`` and ``AutomationSort``. A
``created.before_`` with a ±24:00 offset makes Prefect fail binding it (500)
unless SQLAlchemy folds it away: an ``or_`` filter with an empty sub-filter
(a plain TRUE) is TRUE.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from ..api.params import OFFSET, Params, param, sort_param
from ..api.route import Context, Route
from ..query.filter_models import (
    FilterModel,
    IdsAnyFilter,
    Operator,
    OperatorFilterModel,
    StringsFilter,
    TagsAnyFilter,
)
from ..timeutil import RequestDateTime, has_unusable_offset, to_us
from ._common import empty_list, not_found


class AutomationSort(str, Enum):
    """The orders of ``/automations/filter``."""

    CREATED_DESC = "CREATED_DESC"
    UPDATED_DESC = "UPDATED_DESC"
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"


class AutomationFilterId(IdsAnyFilter):
    """``automations.id``: ``any_`` only."""


class AutomationFilterName(StringsFilter):
    """``automations.name``: exact ``any_`` only."""


class AutomationFilterCreated(FilterModel):
    """``automations.created``: ``before_`` only (inclusive)."""

    before_: RequestDateTime | None = None


class AutomationFilterTags(TagsAnyFilter):
    """``automations.tags``: ``all_`` / ``any_`` / ``is_null_``, combined by ``operator``."""


class AutomationFilter(OperatorFilterModel):
    """The ``automations`` body key: id, name, created, tags, combined by ``operator``."""

    id: AutomationFilterId | None = None
    name: AutomationFilterName | None = None
    created: AutomationFilterCreated | None = None
    tags: AutomationFilterTags | None = None


def is_true(sub: FilterModel | None) -> bool:
    """Whether a given sub-filter sets no condition: Prefect then compiles it to a plain TRUE."""
    return sub is not None and all(getattr(sub, name) is None for name in type(sub).model_fields if name != "operator")


def _bind(f: AutomationFilter | None) -> None:
    """Raise Prefect's 500 if the query binds an unusable ``created.before_``."""
    if f is None or f.created is None or not has_unusable_offset(f.created.before_):
        return
    if f.operator is Operator.or_ and any(is_true(sub) for sub in (f.id, f.name, f.created, f.tags)):
        return  # or_(TRUE, ...) is TRUE: the bound never reaches SQL
    to_us(f.created.before_)  # raises


def _filter(ctx: Context, v: dict[str, Any]) -> list[Any]:
    """``/automations/filter``: none."""
    _bind(v["automations"])
    return []


def _count(ctx: Context, v: dict[str, Any]) -> int:
    """``/automations/count``: 0."""
    _bind(v["automations"])
    return 0


_AUTOMATIONS = param("automations", AutomationFilter, None)

#: The automation read routes.
ROUTES = (
    Route(
        "POST",
        "/automations/filter",
        _filter,
        Params((sort_param(AutomationSort, AutomationSort.NAME_ASC), OFFSET, _AUTOMATIONS), True),
    ),
    Route("POST", "/automations/count", _count, Params((_AUTOMATIONS,))),
    Route("GET", "/automations/{id:uuid}", not_found({"exception_message": "Automation not found"})),
    Route("GET", "/automations/related-to/{resource_id:str}", empty_list),
)

__all__ = [
    "ROUTES",
    "AutomationFilter",
    "AutomationFilterCreated",
    "AutomationFilterId",
    "AutomationFilterName",
    "AutomationFilterTags",
    "AutomationSort",
    "is_true",
]
