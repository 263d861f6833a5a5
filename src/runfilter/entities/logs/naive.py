"""A ``logs`` filter read record by record: the naive engine's reference reading (docs/semantics.md#logs)."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n
from .filters import LogFilter
from .text_search import parse_query, search_text


def _level(engine: Any, log: Any, sub: Any) -> Any:
    checks = []
    if sub.ge_ is not None:
        checks.append(log.level >= sub.ge_)
    if sub.le_ is not None:
        checks.append(log.level <= sub.le_)
    return n.leaf(checks)


def _flow_run_id(engine: Any, log: Any, sub: Any) -> Any:
    return n.leaf(n.in_(log.flow_run_id, None if sub.any_ is None else [str(i) for i in sub.any_]))


def _task_run_id(engine: Any, log: Any, sub: Any) -> Any:
    options = None if sub.any_ is None else [str(i) for i in sub.any_]
    return n.leaf(n.in_(log.task_run_id, options) + n.is_null(log.task_run_id, sub.is_null_))


def _text(engine: Any, log: Any, sub: Any) -> list[bool]:
    """The text search's results, each a clause of the log filter itself (see ``conditions.text_conditions``)."""
    if not sub.query.strip():
        return []
    parsed = parse_query(sub.query)
    text = search_text(log)

    def found(term: str) -> bool:
        return engine.dialect.contains_matcher(term.lower())(text)

    out = []
    if parsed.include:
        out.append(any(found(t) for t in parsed.include))
    if parsed.exclude:
        out.append(not any(found(t) for t in parsed.exclude))
    if parsed.required:
        out.append(all(found(t) for t in parsed.required))
    return out


_RULES = {
    "level": _level,
    "timestamp": lambda engine, log, sub: n.times(log.timestamp, sub),
    "flow_run_id": _flow_run_id,
    "task_run_id": _task_run_id,
}


def evaluate(engine: Any, log: Any, m: LogFilter) -> Any:
    """Evaluate a ``LogFilter`` on one log: True, False, EMPTY or GONE."""
    results = n.evaluate_fields(engine, log, m, _RULES)
    if m.text is not None:
        results += _text(engine, log, m.text)
    return n.op(m, results)
