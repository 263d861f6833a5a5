"""What the naive readings of a flow-run and a task-run filter share: the ``state`` sub-filter."""

from __future__ import annotations

from typing import Any

from ...query import naive_ops as n


def state_rule(with_not_any: bool) -> n.Rule:
    """A run's ``state`` sub-filter; a type or name sub-filter without conditions is skipped.

    docs/semantics.md#combining
    """

    def rule(engine: Any, run: Any, s: Any) -> Any:
        sub = []
        if s.type is not None:
            checks = n.in_(run.state_type, n.states(s.type.any_))
            if with_not_any:
                checks += n.not_in(run.state_type, n.states(s.type.not_any_))
            if checks:
                sub.append(n.leaf(checks))
        if s.name is not None:
            checks = n.in_(run.state_name, s.name.any_)
            if with_not_any:
                checks += n.not_in(run.state_name, s.name.not_any_)
            if checks:
                sub.append(n.leaf(checks))
        return n.op(s, sub)

    return rule
