"""Index structures the store maintains and the planner reads (one structure per module)."""

from .posting import PostingIndex
from .sorted_index import SortedIndex

__all__ = ["PostingIndex", "SortedIndex"]
