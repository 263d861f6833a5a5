"""Prefect's ``AutomationFilter`` (body key ``automations``), field for field (docs/semantics.md#automations)."""

from __future__ import annotations

from ...api.params import param
from ...query.filter_models import (
    FilterModel,
    IdsAnyFilter,
    Operator,
    OperatorFilterModel,
    StringsFilter,
    TagsAnyFilter,
)
from ...timeutil import RequestDateTime, has_unusable_offset, to_us


class AutomationFilterId(IdsAnyFilter):
    """``automations.id``: ``any_`` only."""


class AutomationFilterName(StringsFilter):
    """``automations.name``: exact ``any_`` only."""


class AutomationFilterCreated(FilterModel):
    """``automations.created``: ``before_`` only (inclusive)."""

    before_: RequestDateTime | None = None


class AutomationFilterTags(TagsAnyFilter):
    """``automations.tags``: ``all_`` / ``any_`` / ``is_null_``, combined by ``operator``.

    Unlike the run filters' tags, ``all_: []`` is a condition (always true),
    not ignored (docs/semantics.md#automations).
    """


class AutomationFilter(OperatorFilterModel):
    """The ``automations`` body key: id, name, created, tags, combined by ``operator``."""

    id: AutomationFilterId | None = None
    name: AutomationFilterName | None = None
    created: AutomationFilterCreated | None = None
    tags: AutomationFilterTags | None = None


def is_true(sub: FilterModel | None) -> bool:
    """Whether a given sub-filter sets no condition: Prefect then compiles it to a plain TRUE."""
    return sub is not None and all(getattr(sub, name) is None for name in type(sub).model_fields if name != "operator")


def bind_created_bound(f: AutomationFilter | None) -> None:
    """Raise Prefect's 500 if the query binds an unusable ``created.before_`` (a ±24:00 offset).

    An ``or_`` filter with a sub-filter without conditions is TRUE, and
    SQLAlchemy folds the bound away: no 500 (docs/semantics.md#automations).
    """
    if f is None or f.created is None or not has_unusable_offset(f.created.before_):
        return
    if f.operator is Operator.or_ and any(is_true(sub) for sub in (f.id, f.name, f.created, f.tags)):
        return  # or_(TRUE, ...) is TRUE: the bound never reaches SQL
    to_us(f.created.before_)  # raises


#: The body key carrying an automation filter.
FILTER = param("automations", AutomationFilter, None)

__all__ = [
    "FILTER",
    "AutomationFilter",
    "AutomationFilterCreated",
    "AutomationFilterId",
    "AutomationFilterName",
    "AutomationFilterTags",
    "bind_created_bound",
    "is_true",
]
