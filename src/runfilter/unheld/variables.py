"""Variables: ``POST /variables/filter|count`` and the reads by id and by name, for a database holding none.

The body is validated against Prefect's ``VariableFilter`` and
``VariableSort`` (mirrored below field for field, under Prefect's class names);
a valid list is ``[]``, a count ``0``, and both reads of one variable are
404 ``Variable not found.`` (docs/semantics.md#unheld-kinds).
"""

from __future__ import annotations

from ..api.params import OFFSET, Params, param, sort_param
from ..api.route import Route
from ..query.filter_models import IdsAnyFilter, NamesFilter, OperatorFilterModel, TagsFilter
from ..query.sorting import sort_enum
from ._common import empty_list, not_found, zero


class VariableFilterId(IdsAnyFilter):
    """``variables.id``: ``any_``."""


class VariableFilterName(NamesFilter):
    """``variables.name``: exact ``any_`` or substring ``like_``."""


class VariableFilterTags(TagsFilter):
    """``variables.tags``: ``all_`` / ``is_null_``, combined by ``operator``."""


class VariableFilter(OperatorFilterModel):
    """Body key ``variables``."""

    id: VariableFilterId | None = None
    name: VariableFilterName | None = None
    tags: VariableFilterTags | None = None


#: Prefect's ``VariableSort``: the ``sort`` a variable body may give.
VariableSort = sort_enum("VariableSort", ("CREATED_DESC", "UPDATED_DESC", "NAME_DESC", "NAME_ASC"))

_VARIABLES = param("variables", VariableFilter | None)
_MISSING = not_found({"detail": "Variable not found."})

#: The variable read routes (``/filter``: limit, offset, variables, sort; ``/count``: variables alone).
ROUTES = (
    Route(
        "POST",
        "/variables/filter",
        empty_list,
        Params((OFFSET, _VARIABLES, sort_param(VariableSort, VariableSort.NAME_ASC)), True),
    ),
    Route("POST", "/variables/count", zero, Params((_VARIABLES,))),
    Route("GET", "/variables/{id:uuid}", _MISSING),
    Route("GET", "/variables/name/{name:str}", _MISSING),
)

__all__ = [
    "ROUTES",
    "VariableFilter",
    "VariableFilterId",
    "VariableFilterName",
    "VariableFilterTags",
    "VariableSort",
]
