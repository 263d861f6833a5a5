"""The naive engine's reading of the DSL's operators: one record at a time, straight off the filter models.

Each kind's ``entities/<kind>/naive.py`` evaluates its filter class with
these, independently of the condition compiler and the IR (:mod:`runfilter.naive`).
A filter object evaluates to ``True``/``False``, or to :data:`EMPTY` (no
active condition: Prefect's ``sa.true()``) or :data:`GONE` (only
``startswith_: []``, which renders as nothing at all).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..timeutil import has_unusable_offset, to_us
from .filter_models import Operator

EMPTY = "EMPTY"
GONE = "GONE"


def join(results: list[Any], use_or: bool) -> Any:
    """Combine sub-results like SQL AND/OR, with EMPTY = TRUE and GONE = absent."""
    if not results:
        return EMPTY
    present = [r for r in results if r is not GONE]
    if not present:
        return GONE
    truths = [True if r is EMPTY else r for r in present]
    return any(truths) if use_or else all(truths)


def op(model: Any, results: list[Any]) -> Any:
    """A filter class with ``operator``: its results ANDed or ORed."""
    return join(results, model.operator is Operator.or_)


def leaf(results: list[Any]) -> Any:
    """A filter class without ``operator``: its results ANDed."""
    return join(results, use_or=False)


def truth(result: Any) -> bool:
    """A WHERE clause: EMPTY and GONE both mean "no condition"."""
    return True if result in (EMPTY, GONE) else bool(result)


def like(dialect: Any, value: Any, text: str, prefix: bool = False) -> bool:
    """``like_`` (``%text%``) or a ``startswith_`` prefix (``text%``), matched as the dialect's ILIKE does."""
    return value is not None and dialect.like_matcher(f"{text}%" if prefix else f"%{text}%")(value)


def in_(value: Any, options: list | None) -> list[bool]:
    """``any_``: [] when null; the value (never NULL) among the options."""
    return [] if options is None else [value is not None and value in {str(o) for o in options}]


def not_in(value: Any, options: list | None) -> list[bool]:
    """``not_any_``: [] when null or empty; the value (never NULL) not among the options."""
    return [value is not None and value not in {str(o) for o in options}] if options else []


def ids(value: Any, m: Any) -> Any:
    """An id filter (``any_`` / ``not_any_``) on one record's id."""
    return leaf(in_(value, m.any_) + not_in(value, getattr(m, "not_any_", None)))


def names(dialect: Any, value: Any, m: Any) -> Any:
    """A name filter (``any_`` / ``like_``; an empty ``like_`` is ignored) on one record's name."""
    text = getattr(m, "like_", None)
    return leaf(in_(value, m.any_) + ([like(dialect, value, text)] if text else []))


def time(value: Any, before: Any, after: Any) -> list[bool]:
    """``before_`` / ``after_`` (inclusive) on an instant; NULL never matches."""

    def bound(when: Any) -> int:
        # A ±24:00 offset: the route has already answered Prefect's 500 unless an or_ folds this
        # condition away (runfilter.api.handlers.bind_request_datetimes), so any stand-in will do here.
        return 0 if has_unusable_offset(when) else to_us(when)

    out = []
    if before is not None:
        out.append(value is not None and value <= bound(before))
    if after is not None:
        out.append(value is not None and value >= bound(after))
    return out


def times(value: Any, sub: Any, null_value: Any = None, own_null: bool = True) -> Any:
    """A time sub-filter on one record: bounds on `value`; ``is_null_`` (where the class has it) on
    `value`, or on `null_value` when `own_null` is False."""
    nulls = is_null(value if own_null else null_value, getattr(sub, "is_null_", None))
    return leaf(time(value, sub.before_, sub.after_) + nulls)


def is_null(value: Any, flag: bool | None) -> list[bool]:
    """``is_null_``: [] when null."""
    return [] if flag is None else [(value is None) == flag]


def tags(tag_values: tuple, model: Any) -> list[bool]:
    """A tags filter: ``all_`` (non-empty), ``any_`` where the class has it, ``is_null_`` (no tags)."""
    out = []
    if model.all_:
        out.append(all(t in tag_values for t in model.all_))
    if getattr(model, "any_", None) is not None:
        out.append(any(t in tag_values for t in model.any_))
    if model.is_null_ is not None:
        out.append((len(tag_values) == 0) == model.is_null_)
    return out


def states(values: Any) -> list | None:
    """State-type enum operands as text (None stays None)."""
    return None if values is None else [v.value for v in values]


#: How one field of a filter class reads on a record: ``rule(engine, record, sub-filter)`` → a result.
Rule = Callable[[Any, Any, Any], Any]


def evaluate_fields(engine: Any, record: Any, m: Any, rules: Mapping[str, Rule]) -> list[Any]:
    """The results of the fields `m` gives, each by its rule; a field without a rule is ignored."""
    return [rule(engine, record, sub) for field, rule in rules.items() if (sub := getattr(m, field)) is not None]


def id_rule(engine: Any, record: Any, sub: Any) -> Any:
    """An ``id`` sub-filter on the record's id."""
    return ids(record.id, sub)


def name_rule(engine: Any, record: Any, sub: Any) -> Any:
    """A ``name`` sub-filter on the record's name."""
    return names(engine.dialect, record.name, sub)


def tag_rule(engine: Any, record: Any, sub: Any) -> Any:
    """A ``tags`` sub-filter on the record's tags."""
    return op(sub, tags(record.tags, sub))


def strings_rule(field: str) -> Rule:
    """An ``any_`` (and, where the class has it, ``not_any_``) sub-filter on `field`."""

    def rule(engine: Any, record: Any, sub: Any) -> Any:
        value = getattr(record, field)
        return leaf(in_(value, sub.any_) + not_in(value, getattr(sub, "not_any_", None)))

    return rule


def nullable_rule(field: str) -> Rule:
    """An ``any_`` / ``is_null_`` sub-filter with ``operator`` on `field`."""

    def rule(engine: Any, record: Any, sub: Any) -> Any:
        value = getattr(record, field)
        return op(sub, in_(value, sub.any_) + is_null(value, sub.is_null_))

    return rule


def time_rule(field: str) -> Rule:
    """A time sub-filter on `field` itself (bounds and ``is_null_``)."""
    return lambda engine, record, sub: times(getattr(record, field), sub)
