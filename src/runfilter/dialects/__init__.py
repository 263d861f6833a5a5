"""Database dialects: the rules that change with the database Prefect runs on.

A store is built with one dialect (``Store(..., dialect=...)``, default
:data:`SQLITE`) and everything database-specific is asked of it: ``like_``
matching, NULL placement and string order in sorts and sorted indexes, and
the date arithmetic of history and DURATION sorts. See
docs/architecture.md#dialects for how to add one.
"""

from .base import DateArithmetic, Dialect, Matcher
from .sqlite import SQLITE, SQLiteDialect

#: The dialect a store uses when none is given.
DEFAULT_DIALECT = SQLITE

__all__ = ["DEFAULT_DIALECT", "SQLITE", "DateArithmetic", "Dialect", "Matcher", "SQLiteDialect"]
