"""What a database dialect decides: the rules that change with the database Prefect runs on.

Prefect's answers depend on its database in a few precise places: how
``ILIKE`` folds case and reads wildcards, where NULL sorts, how strings
collate, and how dates and intervals are computed in SQL (history buckets
and sums, the duration a DURATION sort compares). A :class:`Dialect` owns
exactly those rules; every other module asks the store's dialect instead of
assuming one (docs/architecture.md#dialects). :mod:`runfilter.dialects.sqlite`
is Prefect's default database and runfilter's default dialect.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

#: A function telling whether a string matches a LIKE pattern.
Matcher = Callable[[str], bool]


class DateArithmetic:
    """How the database computes instants and intervals in SQL, in whole seconds where Prefect sums them.

    Used by run history (``/flow_runs/history``, ``/task_runs/history``) and
    by the task-run DURATION sorts. Which formula applies to which run is
    Prefect's rule and lives with the runs (docs/semantics.md#history); the
    arithmetic itself lives here. A run is put in a history bucket by its
    expected start, read as a *time key*: an integer the database's
    arithmetic works on, monotone in the instant. The ``clock`` and
    ``*_parts`` methods let an index precompute what does not depend on "now"
    and finish the rest per request.
    """

    def time_key(self, us: int) -> int:
        """The database's integer reading of an epoch-µs instant (monotone in `us`)."""
        raise NotImplementedError

    def bucket(self, key: int, start_key: int, seconds_per_bucket: float) -> int:
        """The interval index of an instant with time key `key` (monotone in `key`)."""
        raise NotImplementedError

    def interval_seconds(self, interval_us: int) -> int:
        """A stored interval (``total_run_time``) in whole seconds."""
        raise NotImplementedError

    def clock(self, now_us: int) -> Any:
        """What the clock-dependent methods need from "now", computed once per request."""
        raise NotImplementedError

    def running_parts(self, total_us: int, since_us: int) -> Any:
        """The clock-independent part of ``total + (now - since)`` (precomputed once per run)."""
        raise NotImplementedError

    def running_seconds(self, parts: Any, clock: Any) -> int:
        """``total + (now - since)`` in whole seconds, from :meth:`running_parts` and :meth:`clock`."""
        raise NotImplementedError

    def running_us(self, total_us: int, now_us: int, since_us: int) -> int:
        """``total + (now - since)`` in µs, as the database's SQL computes it."""
        raise NotImplementedError

    def late_seconds(self, later_us: int, earlier_us: int) -> int:
        """``later - earlier`` in whole seconds."""
        raise NotImplementedError

    def open_late_seconds(self, expected_key: int, clock: Any) -> int:
        """``now - expected`` in whole seconds, for an expected start with time key `expected_key`."""
        raise NotImplementedError

    def now_us(self, clock: Any) -> int:
        """ "now" as the SQL compares it with stored instants (µs)."""
        raise NotImplementedError

    def diff_seconds(self, later_us: int, earlier_us: int) -> float:
        """``date_diff_seconds(later, earlier)``: the difference in seconds, as the database's SQL computes it."""
        raise NotImplementedError

    def bucket_index(self, later_us: int, earlier_us: int, step_seconds: float) -> int:
        """``floor(diff_seconds(later, earlier) / step)``: which of equal buckets from `earlier` holds `later`."""
        return math.floor(self.diff_seconds(later_us, earlier_us) / step_seconds)
    def scaled_diff_seconds(self, factor: float, later_us: int, earlier_us: int) -> float:
        """``factor * date_diff_seconds(later, earlier)`` as the database's SQL multiplies it (slot decay)."""
        raise NotImplementedError

    def run_lateness(self, start_us: int | None, expected_us: int | None, waiting: bool, now_us: int) -> float:
        """One flow run's lateness in seconds, as ``/flow_runs/lateness`` averages it on this database.

        `waiting`: the run has a state that is not terminal. Prefect computes
        this per database (docs/semantics.md#lateness): a started run is late
        by ``start - expected`` when it started after its expected start; a
        waiting, unstarted run by ``now - expected`` once that is past;
        every other run counts 0.
        """
        raise NotImplementedError


class Dialect:
    """The database rules of one back end. Subclass it to add a dialect; instances are stateless.

    ``nulls_first``: whether NULL sorts before every value in ascending
    order (and so after them in descending order).
    """

    name = "abstract"
    nulls_first = True
    #: The date and interval arithmetic of this database.
    dates: DateArithmetic

    def like_matcher(self, pattern: str) -> Matcher:
        """A function telling whether a string matches the SQL pattern, as ``ILIKE`` does here."""
        raise NotImplementedError

    def sql_limit_exceeded(self, operand_kind: str, value: Any) -> str | None:
        """Why a filter operand is past what this database compiles or binds (None: it is not).

        `operand_kind`: ``tags`` (a tags ``all_``/``any_`` list), ``prefixes``
        (``startswith_``), ``instant`` (``before_``/``after_``/``ge_``/``le_``), ``other``.
        """
        return None

    def binds_integer(self, value: int) -> bool:
        """Whether the database can bind `value` as an SQL integer parameter (``OFFSET``, ``LIMIT``)."""
        return True

    def contains_matcher(self, text: str) -> Matcher:
        """A function telling whether ``lower(value) LIKE '%text%'`` holds with `text` escaped (a literal)."""
        raise NotImplementedError

    def collation_key(self) -> Callable[[str], Any] | None:
        """The key that orders strings like the database; None = code point order (no key needed)."""
        return None

    def order_key(self) -> Callable[[Any], tuple]:
        """A key for the ascending order of one nullable value: NULL placed, strings collated."""
        collate = self.collation_key()
        null, rank = ((0,), 1) if self.nulls_first else ((1,), 0)
        if collate is None:
            return lambda value: null if value is None else (rank, value)
        return lambda value: null if value is None else (rank, collate(value) if type(value) is str else value)

    def stored_json(self, value: Any) -> Any:
        """A JSON column's value as the database gives it back (default: unchanged)."""
        return value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
