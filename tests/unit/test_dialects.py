"""The dialect seam is real: swapping the store's dialect changes exactly the database-specific answers.

Two toy dialects stand in for a second database: one sorts NULLs last (as
PostgreSQL does), one folds case in ``like_`` beyond ASCII. Both engines and
every sort path (the sorted-index walk and the heap over candidates) must
follow the dialect; and no module outside ``runfilter/dialects`` may carry a
database rule of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runfilter import Store
from runfilter.dialects import SQLITE, SQLiteDialect
from runfilter.naive import naive_request

FLOW = "00000000-0000-4000-8000-000000000001"
NOW = "2026-11-01T00:00:00Z"


def _run(i: int, end: str | None, name: str) -> dict:
    run = {"id": f"00000000-0000-4000-8000-1000000000{i:02d}", "name": name, "flow_id": FLOW}
    if end is None:
        run.update(state_type="RUNNING", start_time="2026-10-01T00:00:00Z")
    else:
        run.update(state_type="COMPLETED", start_time="2026-10-01T00:00:00Z", end_time=end)
    return run


DATASET = {
    "flows": [{"id": FLOW, "name": "etl"}],
    "flow_runs": [
        _run(1, "2026-10-02T00:00:00Z", "Éclair"),
        _run(2, None, "éclair"),
        _run(3, "2026-10-03T00:00:00Z", "ECLAIR"),
        _run(4, None, "eclair"),
    ],
}


class NullsLast(SQLiteDialect):
    """SQLite, except that NULL sorts after every value (PostgreSQL's default)."""

    name = "sqlite-nulls-last"
    nulls_first = False


class UnicodeLike(SQLiteDialect):
    """SQLite, except that ``ILIKE`` folds every letter, not only ASCII ones."""

    name = "sqlite-unicode-like"

    def like_matcher(self, pattern: str):
        inner = pattern.strip("%").casefold()
        return lambda value: inner in value.casefold()


def _names(store: Store, body: dict, naive: bool = False, endpoint: str = "flow_runs/filter") -> list[str]:
    status, rows = naive_request(store, endpoint, body) if naive else store.request(endpoint, body)
    assert status == 200, rows
    return [row["name"] for row in rows]


@pytest.mark.parametrize("naive", [False, True], ids=["planned", "naive"])
@pytest.mark.parametrize("limit", [2, 200], ids=["index-walk", "heap"])
def test_nulls_last_dialect_moves_nulls_in_both_directions(naive: bool, limit: int) -> None:
    sqlite = Store.from_dataset(DATASET, now=NOW)
    nulls_last = Store.from_dataset(DATASET, now=NOW, dialect=NullsLast())
    body = {"sort": "END_TIME_DESC", "limit": limit}
    # SQLite: NULL is the smallest value, so END_TIME_DESC ends with the running runs
    assert _names(sqlite, body, naive) == ["ECLAIR", "Éclair", "éclair", "eclair"][:limit]
    assert _names(nulls_last, body, naive) == ["éclair", "eclair", "ECLAIR", "Éclair"][:limit]


def test_nulls_last_dialect_orders_task_run_durations_too() -> None:
    # equal durations: the DURATION sorts fall back to expected_start_time DESC, where NULL placement decides
    tasks = [
        {
            "id": f"00000000-0000-4000-8000-2000000000{i:02d}",
            "name": f"t{i}",
            "state_type": "COMPLETED",
            "total_run_time": 5,
            "expected_start_time": expected,
        }
        for i, expected in enumerate(["2026-10-01T00:00:00Z", None])
    ]
    body = {"sort": "DURATION_ASC", "task_runs": {"flow_run_id": {"is_null_": True}}}
    for naive in (False, True):
        names = []
        for dialect in (SQLITE, NullsLast()):
            store = Store.from_dataset({"task_runs": tasks}, now=NOW, dialect=dialect)
            names.append(_names(store, body, naive, "task_runs/filter"))
        assert names == [["t0", "t1"], ["t1", "t0"]]


@pytest.mark.parametrize("naive", [False, True], ids=["planned", "naive"])
def test_like_follows_the_dialect(naive: bool) -> None:
    body = {"flow_runs": {"name": {"like_": "éCLAIR"}}, "sort": "NAME_ASC"}
    assert _names(Store.from_dataset(DATASET, now=NOW), body, naive) == ["éclair"]  # ASCII folding only
    unicode_store = Store.from_dataset(DATASET, now=NOW, dialect=UnicodeLike())
    assert _names(unicode_store, body, naive) == ["Éclair", "éclair"]  # every letter folded


def test_the_default_dialect_is_sqlite() -> None:
    assert Store().dialect is SQLITE


#: Words that only a database rule would use; outside runfilter/dialects they mean a rule leaked out.
_DATABASE_RULES = re.compile(r"julianday|\bijd\b|ascii_fold|_ASCII_LOWER|\bNULLs? first\b|MS_PER_DAY", re.IGNORECASE)


def test_no_module_outside_the_dialects_package_carries_a_database_rule() -> None:
    package = Path(__import__("runfilter").__file__).parent
    offenders = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if "dialects" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if _DATABASE_RULES.search(line)
    ]
    assert not offenders, "\n".join(offenders)


def test_epoch_seconds_is_strftime_of_the_julian_day_rounding() -> None:
    from runfilter.dialects import sqlite_time as sq

    second = 1_790_000_000_000_000
    for micro in (0, 1, 500_000, 998_999, 999_000, 999_499, 999_500, 999_501, 999_999):
        for us in (second + micro, -second + micro):
            assert sq.epoch_seconds(us) == sq.floor_seconds(sq.ijd(us)), us


def test_sqlite_bucket_index_agrees_with_the_julian_day_difference() -> None:
    import math
    import random

    from runfilter.dialects.sqlite import SQLITE

    dates, rng = SQLITE.dates, random.Random(7)
    start = 1_790_000_000_000_000
    for step in (3.0, 4320.0, 4319.99997, 86_400 / 20):
        for _ in range(3_000):
            bucket = rng.randrange(-20, 20)
            # instants at, just beside and between bucket edges
            offset = rng.choice([0, 1, -1, 499, 500, -500, 999, rng.randrange(int(step * 1e6))])
            later = start + int(bucket * step * 1e6) + offset
            expected = math.floor(dates.diff_seconds(later, start) / step)
            assert dates.bucket_index(later, start, step) == expected, (step, later)
