"""Variables (table ``variable``): the record kind, declared once (docs/semantics.md#variables)."""

from ...schema import Kind, UniqueKey
from .load import load_variables
from .record import Variable

KIND = Kind(
    "variables", "variable", Variable, unique=UniqueKey(("name",), "name", "variable name"), load=load_variables
)

__all__ = ["KIND", "Variable"]
