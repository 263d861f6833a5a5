"""A ``logs`` filter compiled to the condition IR, one rule per field (docs/semantics.md#logs)."""

from __future__ import annotations

from typing import Any

from ...query.compile import any_of, combined, compile_fields, ids, is_null, leaf, time_range
from ...query.filter_models import Operator
from ...query.ir import TRUE, Cond, Contains, Not, Range, combine
from ...timeutil import has_unusable_offset, to_us
from .filters import LogFilter
from .text_search import parse_query

#: The computed field the text search reads (``message || ' ' || name``).
SEARCH_TEXT = "search_text"


def _level(sub: Any) -> Cond:
    conds: list[Cond] = []
    if sub.ge_ is not None:
        conds.append(Range("level", sub.ge_, None))
    if sub.le_ is not None:
        conds.append(Range("level", None, sub.le_))
    return leaf(conds)


def _task_run_id(sub: Any) -> Cond:
    return leaf(any_of("task_run_id", sub.any_, ids) + is_null("task_run_id", sub.is_null_))


def text_conditions(sub: Any) -> list[Cond]:
    """``text``: its conditions join the log filter's own list instead of forming one sub-filter.

    Prefect extends the ``LogFilter``'s clause list with the search's clauses
    (the plain terms ORed, the excluded ones ANDed, the required ones ANDed),
    so under ``operator: or_`` each of them is an alternative of its own, and
    a query with no term (blank, or only lone prefixes) adds nothing at all,
    not even TRUE. Pinned by ``k13_logs_text/or-operator-splits-text`` and
    ``k13_logs_text/blank-query-under-or``.
    """
    if not sub.query.strip():
        return []
    parsed = parse_query(sub.query)
    out: list[Cond] = []
    if parsed.include:
        out.append(combine([Contains(SEARCH_TEXT, t.lower()) for t in parsed.include], use_or=True))
    if parsed.exclude:
        out.append(combine([Not(Contains(SEARCH_TEXT, t.lower())) for t in parsed.exclude], use_or=False))
    if parsed.required:
        out.append(combine([Contains(SEARCH_TEXT, t.lower()) for t in parsed.required], use_or=False))
    return out


_RULES = {
    "level": _level,
    "timestamp": time_range("timestamp"),
    "flow_run_id": lambda sub: leaf(any_of("flow_run_id", sub.any_, ids)),
    "task_run_id": _task_run_id,
}


def unusable_bounds(m: LogFilter) -> list[Any]:
    """The ``timestamp`` bounds of `m` with a ±24:00 offset, which Prefect cannot bind (answers 500)."""
    sub = m.timestamp
    return [] if sub is None else [v for v in (sub.before_, sub.after_) if v is not None and has_unusable_offset(v)]


def log_filter(m: LogFilter) -> Cond:
    """``logs`` → a condition on logs; Prefect's 500 if an unusable bound reaches SQL.

    As on the run filters (docs/semantics.md#server-errors), SQLAlchemy drops
    the bound only when an ``or_`` sibling is a plain TRUE.
    """
    conds = compile_fields(m, _RULES)
    if m.text is not None:
        conds += text_conditions(m.text)
    unusable = unusable_bounds(m)
    if unusable and not (m.operator is Operator.or_ and any(c is TRUE for c in conds)):
        to_us(unusable[0])  # raises Prefect's 500
    return combined(m, conds)
