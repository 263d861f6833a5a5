"""The variable routes: filter, count, and reads by id and by name (docs/semantics.md#variables)."""

from __future__ import annotations

from typing import Any

from ...api.handlers import by_id_route, counting, listing, read_one
from ...api.params import OFFSET, Params, sort_param
from ...api.route import Route
from ...query.selection import Selection
from . import render
from .filters import FILTER, KEYS
from .sorts import SORTS, VariableSort

_MISSING = "Variable not found."


def variable_named(engine: Any, path: dict[str, str]) -> Any:
    """The variable whose name is exactly the path's ``name`` (case-sensitive), or None."""
    found = engine.matching(Selection("variables", match={"name": frozenset({path["name"]})}))
    return found[0] if found else None


#: The variable routes runfilter serves (``/filter``: limit, offset, variables, sort; ``/count``: variables alone).
ROUTES = (
    Route(
        "POST",
        "/variables/filter",
        listing("variables", KEYS, SORTS, render.variable),
        Params((OFFSET, FILTER, sort_param(VariableSort, VariableSort.NAME_ASC)), True),
    ),
    Route("POST", "/variables/count", counting("variables", KEYS), Params((FILTER,))),
    by_id_route("variables", render.variable, _MISSING),
    Route("GET", "/variables/name/{name:str}", read_one(variable_named, render.variable, _MISSING)),
)
