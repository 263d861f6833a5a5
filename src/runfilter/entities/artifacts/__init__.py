"""Artifacts (table ``artifact``): the record kind, declared once.

The per-key "collection" Prefect keeps for the latest routes is derived from
the artifacts, never loaded (``collections.py``; docs/semantics.md#artifacts).
"""

from ...schema import Kind
from .record import Artifact

KIND = Kind("artifacts", "artifact", Artifact)

__all__ = ["KIND", "Artifact"]
