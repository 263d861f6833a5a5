"""Prefect's ``VariableFilter`` (body key ``variables``), field for field (docs/semantics.md#variables)."""

from __future__ import annotations

from ...api.params import param
from ...query.filter_models import IdsAnyFilter, NamesFilter, OperatorFilterModel, TagsFilter


class VariableFilterId(IdsAnyFilter):
    """``variables.id``: ``any_``."""


class VariableFilterName(NamesFilter):
    """``variables.name``: exact ``any_`` or substring ``like_`` (ILIKE, ``%``/``_`` wildcards)."""


class VariableFilterTags(TagsFilter):
    """``variables.tags``: ``all_`` / ``is_null_`` (no ``any_``), combined by ``operator``."""


class VariableFilter(OperatorFilterModel):
    """Body key ``variables``."""

    id: VariableFilterId | None = None
    name: VariableFilterName | None = None
    tags: VariableFilterTags | None = None


#: The body key carrying a variable filter.
FILTER = param("variables", VariableFilter | None)
#: The selection key of the variable filter and its body key.
KEYS = {"variables": "variables"}
