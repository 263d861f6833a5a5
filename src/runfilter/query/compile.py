"""The filter DSL's operators compiled to the condition IR, one helper per operator family.

Each kind's ``entities/<kind>/conditions.py`` compiles its filter class with
these: a sub-filter's *active* operators become conditions
(docs/semantics.md#active-operators: ``any_`` is active when not null,
``not_any_``, ``all_`` and ``like_`` only when non-empty), combined by
:func:`leaf` (classes without ``operator``) or :func:`combined` (with it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..timeutil import has_unusable_offset, to_us
from .filter_models import Operator
from .ir import (
    FALSE,
    AnyRelated,
    Cond,
    In,
    IsNull,
    Like,
    NotIn,
    Range,
    Related,
    TagsAll,
    TagsAny,
    TagsEmpty,
    combine,
    where,
)


def ids(values: Iterable[Any]) -> frozenset[str]:
    """UUID operands (already validated) as canonical text, the form records keep."""
    return frozenset(str(v) for v in values)


def any_of(field: str, values: list | None, convert: Callable[[Any], frozenset] = frozenset) -> list[Cond]:
    """``any_``: active when not null; ``[]`` is SQL ``IN ()``, which matches nothing."""
    if values is None:
        return []
    return [In(field, convert(values))] if values else [FALSE]


def none_of(field: str, values: list | None, convert: Callable[[Any], frozenset] = frozenset) -> list[Cond]:
    """``not_any_``: only a non-empty list is active (Prefect tests its truthiness)."""
    return [NotIn(field, convert(values))] if values else []


def like(field: str, text: str | None) -> list[Cond]:
    """``like_``: unescaped ``ILIKE '%text%'``; ``""`` is ignored (docs/semantics.md#like-and-startswith)."""
    return [Like(field, f"%{text}%")] if text else []


def is_null(field: str, flag: bool | None) -> list[Cond]:
    """``is_null_``: ``IS NULL`` / ``IS NOT NULL``; null is inactive."""
    return [] if flag is None else [IsNull(field, flag)]


def bound_us(value: Any) -> int:
    """A ``before_``/``after_`` instant in epoch µs; an unusable ±24:00 offset stands in as 0.

    Such a bound makes Prefect answer 500 wherever SQL keeps it; the run
    filters raise that (:func:`runfilter.entities.runs.conditions.require_bindable_bounds`)
    unless an ``or_`` folds the condition away.
    """
    return 0 if has_unusable_offset(value) else to_us(value)


def bounds(field: str, before: Any, after: Any) -> list[Cond]:
    """``before_`` / ``after_``: inclusive bounds, one condition each."""
    out: list[Cond] = []
    if before is not None:
        out.append(Range(field, None, bound_us(before)))
    if after is not None:
        out.append(Range(field, bound_us(after), None))
    return out


def times(field: str, sub: Any, null_field: str | None = None) -> Cond:
    """A time sub-filter: ``before_``/``after_`` bounds on `field`, and, where the class has it, ``is_null_``
    on `null_field` (default: the same field)."""
    nulls = is_null(null_field or field, getattr(sub, "is_null_", None))
    return leaf(bounds(field, sub.before_, sub.after_) + nulls)


def id_filter(sub: Any) -> Cond:
    """An ``id`` sub-filter: ``any_`` and, where the class has it, ``not_any_``."""
    return leaf(any_of("id", sub.any_, ids) + none_of("id", getattr(sub, "not_any_", None), ids))


def name_filter(sub: Any) -> Cond:
    """A ``name`` sub-filter: exact ``any_`` and, where the class has it, substring ``like_``."""
    return leaf(any_of("name", sub.any_) + like("name", getattr(sub, "like_", None)))


#: How one field of a filter class compiles: its sub-filter → a condition.
Rule = Callable[[Any], Cond]


def compile_fields(m: Any, rules: Mapping[str, Rule]) -> list[Cond]:
    """The conditions of the fields `m` gives, each by its rule, in the rules' (Prefect's field) order.

    A field without a rule is accepted and ignored (the deployment filter's
    deprecated ``concurrency_limit``: it does not even contribute a TRUE).
    """
    given = m.model_fields_set  # most bodies set one or two of a class's fields
    return [rule(sub) for field, rule in rules.items() if field in given and (sub := getattr(m, field)) is not None]


def strings(field: str, convert: Callable[[Any], frozenset] = frozenset) -> Rule:
    """The rule of an ``any_`` (and, where the class has it, ``not_any_``) sub-filter on `field`."""
    return lambda sub: leaf(any_of(field, sub.any_, convert) + none_of(field, getattr(sub, "not_any_", None), convert))


def nullable(field: str, convert: Callable[[Any], frozenset] = frozenset) -> Rule:
    """The rule of an ``any_`` / ``is_null_`` sub-filter with ``operator`` on `field`."""
    return lambda sub: combined(sub, any_of(field, sub.any_, convert) + is_null(field, sub.is_null_))


def time_range(field: str, null_field: str | None = None) -> Rule:
    """The rule of a time sub-filter on `field` (``is_null_`` on `null_field`, see :func:`times`)."""
    return lambda sub: times(field, sub, null_field)


def tag_rule(has_any: bool) -> Rule:
    """The rule of a ``tags`` sub-filter (with ``any_`` where the class has it)."""
    return lambda sub: combined(sub, tags(sub, has_any))


def tags(model: Any, has_any: bool) -> list[Cond]:
    """A tags filter: ``all_`` (non-empty), ``any_`` where the class has it (``[]`` matches nothing), ``is_null_``."""
    out: list[Cond] = []
    if model.all_:
        out.append(TagsAll(frozenset(model.all_)))
    if has_any and model.any_ is not None:
        out.append(TagsAny(frozenset(model.any_)) if model.any_ else FALSE)
    if model.is_null_ is not None:
        out.append(TagsEmpty(model.is_null_))
    return out


def leaf(conds: list[Cond]) -> Cond:
    """A filter class without ``operator``: its conditions are ANDed."""
    return combine(conds, use_or=False)


def combined(model: Any, conds: list[Cond]) -> Cond:
    """A filter class with ``operator``: its conditions ANDed or ORed (docs/semantics.md#combining)."""
    return combine(conds, use_or=model.operator is Operator.or_)


def exists(link: str, conds: list[Cond], many: bool = False) -> Cond:
    """An EXISTS over a related table whose WHERE holds `conds` (VANISH = no condition)."""
    cond = where(conds)
    return AnyRelated(link, cond) if many else Related(link, cond)


__all__ = [
    "Rule",
    "any_of",
    "bound_us",
    "bounds",
    "combined",
    "compile_fields",
    "exists",
    "id_filter",
    "ids",
    "is_null",
    "leaf",
    "like",
    "name_filter",
    "none_of",
    "nullable",
    "strings",
    "tag_rule",
    "tags",
    "time_range",
    "times",
]
