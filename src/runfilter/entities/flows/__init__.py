"""Flows (table ``flow``): the record kind, declared once."""

from ...schema import Kind, UniqueKey
from .record import Flow

KIND = Kind("flows", "flow", Flow, unique=UniqueKey(("name",), "name", "flow name"))

__all__ = ["KIND", "Flow"]
