"""SQL ``LIKE`` as Prefect's ``like_`` / ``startswith_`` run it on SQLite.

Prefect builds ``ILIKE '%' || value || '%'`` (or ``value || '%'``) without
escaping the user's text, so ``%`` and ``_`` typed by the user are
wildcards (prefect-semantics.md §2.4). On SQLite, ILIKE folds ASCII letters
only (``é`` ≠ ``É``) and backslash is an ordinary character.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only, as SQLite's ``lower()`` and ``LIKE`` do."""
    return text.translate(_ASCII_LOWER)


def like_matcher(pattern: str) -> Callable[[str], bool]:
    """A function telling whether a string matches the SQL LIKE `pattern` (SQLite ILIKE rules).

    Common shapes skip the regex: ``%text%`` is a substring test and
    ``text%`` a prefix test when ``text`` has no wildcard of its own.
    """
    folded = ascii_fold(pattern)
    inner = folded[1:-1] if len(folded) >= 2 and folded[0] == "%" and folded[-1] == "%" else None
    if inner is not None and "%" not in inner and "_" not in inner:
        return lambda value: inner in ascii_fold(value)
    head = folded[:-1] if folded.endswith("%") else None
    if head is not None and "%" not in head and "_" not in head:
        return lambda value: ascii_fold(value).startswith(head)
    regex = re.compile("".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in folded), re.DOTALL)
    return lambda value: regex.fullmatch(ascii_fold(value)) is not None
