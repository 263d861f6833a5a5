"""Logs (table ``log``): the record kind, declared once."""

from ...schema import Kind
from .load import load_logs
from .record import Log
from .text_search import search_text

KIND = Kind("logs", "log", Log, computed={"search_text": search_text}, load=load_logs)

__all__ = ["KIND", "Log"]
