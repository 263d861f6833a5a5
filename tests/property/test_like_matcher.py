"""The LIKE matcher against SQLite itself: ``lower(x) LIKE lower(p)``, as Prefect's ``ilike`` runs on SQLite."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from runfilter.dialects.sqlite import MAX_LIKE_PATTERN_BYTES, like_matcher
from runfilter.errors import ServerError

_DB = sqlite3.connect(":memory:")
ALPHABET = "aAbB%_\x00éÉßxX-.\\[*"


def sqlite_ilike(value: str, pattern: str) -> bool:
    return bool(_DB.execute("SELECT lower(?) LIKE lower(?)", (value, pattern)).fetchone()[0])


@settings(max_examples=3000, deadline=None)
@given(value=st.text(ALPHABET, max_size=12), pattern=st.text(ALPHABET, max_size=8))
@example(value="nightly", pattern="%nightly\x00x%")
@example(value="anything", pattern="%\x00%")
@example(value="ab\x00cd", pattern="ab")
@example(value="aXb", pattern="a_b")
@example(value="", pattern="%%")
def test_like_matches_as_sqlite(value: str, pattern: str) -> None:
    assert like_matcher(pattern)(value) == sqlite_ilike(value, pattern)


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=20), pattern=st.text(max_size=10))
def test_like_matches_as_sqlite_on_any_text(value: str, pattern: str) -> None:
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value + pattern):
        return  # sqlite3 cannot bind lone surrogates
    assert like_matcher(pattern)(value) == sqlite_ilike(value, pattern)


def test_the_patterns_that_made_a_regex_backtrack_are_linear() -> None:
    # a backtracking matcher takes 24-45 s on the first of these (it doubles with each "_%"); these finish at once
    name = "a-fairly-long-flow-run-name-of-41-chars-x"
    assert like_matcher("%" + "_%" * 10 + "!%")(name) is False
    assert like_matcher("%" * 49_000)(name) is True
    assert like_matcher("%" + "a%" * 20_000)("a" * 30_000 + "b") is True


def test_a_pattern_past_sqlites_limit_fails_when_a_row_is_tested() -> None:
    at_limit = "%" + "a" * (MAX_LIKE_PATTERN_BYTES - 2) + "%"
    assert like_matcher(at_limit)("a") == sqlite_ilike("a", at_limit)
    over = "%" + "a" * (MAX_LIKE_PATTERN_BYTES - 1) + "%"
    with pytest.raises(sqlite3.OperationalError, match="too complex"):
        sqlite_ilike("a", over)
    matcher = like_matcher(over)  # building it is fine: SQLite fails only on a row
    with pytest.raises(ServerError):
        matcher("a")
    multibyte = "%" + "é" * 25_000 + "%"  # 50,002 bytes
    with pytest.raises(ServerError):
        like_matcher(multibyte)("é")
