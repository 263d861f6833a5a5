"""Automations (table ``automation``): the record kind, declared once (docs/semantics.md#automations)."""

from ...schema import Kind
from .load import load_automations
from .record import Automation

KIND = Kind("automations", "automation", Automation, load=load_automations)

__all__ = ["KIND", "Automation"]
