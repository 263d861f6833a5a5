"""What compiling a flow-run and a task-run filter share: state sub-filters and unusable time bounds."""

from __future__ import annotations

from typing import Any

from ...query.compile import any_of, combined, leaf, none_of
from ...query.filter_models import Operator
from ...query.ir import TRUE, Cond
from ...timeutil import has_unusable_offset, to_us

_TIME_FILTERS = ("start_time", "end_time", "expected_start_time", "next_scheduled_start_time")


def state(model: Any, type_conds: list[Cond] | None, name_conds: list[Cond] | None) -> Cond:
    """A run's ``state`` sub-filter.

    Reproduces FlowRunFilterState / TaskRunFilterState: a type or name
    sub-filter that compiled to plain TRUE is skipped, so it cannot make an
    or_ true (docs/semantics.md#combining).
    """
    conds = [c for c in (type_conds, name_conds) if c is not None]
    return combined(model, [c for c in (leaf(x) for x in conds) if c is not TRUE])


def _state_types(values: list) -> frozenset[str]:
    return frozenset(x.value for x in values)


def state_rule(with_not_any: bool) -> Any:
    """The rule of a run's ``state`` sub-filter (flow runs have ``not_any_`` on type and name, task runs not)."""

    def rule(s: Any) -> Cond:
        type_conds = name_conds = None
        if s.type is not None:
            type_conds = any_of("state_type", s.type.any_, _state_types)
            if with_not_any:
                type_conds += none_of("state_type", s.type.not_any_, _state_types)
        if s.name is not None:
            name_conds = any_of("state_name", s.name.any_)
            if with_not_any:
                name_conds += none_of("state_name", s.name.not_any_)
        return state(s, type_conds, name_conds)

    return rule


def unusable_bounds(m: Any) -> list:
    """The ``before_``/``after_`` values of a flow-run or task-run filter with an offset Prefect cannot use."""
    out = []
    for name in _TIME_FILTERS:
        sub = getattr(m, name, None)
        if sub is not None:
            out += [value for value in (sub.before_, sub.after_) if has_unusable_offset(value)]
    return out


def require_bindable_bounds(m: Any, conds: list[Cond]) -> None:
    """Raise Prefect's HTTP 500 if an unusable bound of `m` reaches SQL (docs/semantics.md#server-errors).

    A ``before_``/``after_`` with a ±24:00 offset (accepted by pendulum) makes
    Prefect fail when it binds the value, whatever the data or page size.
    SQLAlchemy leaves a condition out only when an ``or_`` sibling is a plain
    TRUE (``or_(true(), x)`` is true): there the bound is never used and
    Prefect answers.
    """
    unusable = unusable_bounds(m)
    if unusable and not (m.operator is Operator.or_ and any(c is TRUE for c in conds)):
        to_us(unusable[0])  # raises
