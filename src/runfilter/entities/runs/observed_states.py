"""``GET /observed-states``: the state type and name pairs of the stored run states.

docs/semantics.md#run-states

Prefect 3.9.1 groups the state rows of flow runs and of task runs together
by exact type and name, each pair with the earliest and latest timestamp
of its rows. A run here holds its state history (docs/semantics.md#state-history),
exactly the state rows a Prefect database loaded from the same dataset holds
for it, so the rows are the states of the runs that have a state.

``query`` keeps the pairs whose type or name starts with it once it is
stripped of surrounding whitespace (Python's ``str.strip``, so
Unicode spaces too; blank: no filter). Prefect escapes the
SQL wildcards of the text, so ``%`` and ``_`` stand for themselves, and
compares both sides case-folded the way the database's ``ILIKE`` does.
``order_by`` ``LAST_SEEN_DESC`` (the default) orders by latest timestamp,
newest first, then type and name ascending; ``NAME_ASC`` by type, then
name. Pairs are distinct, so the order is total. ``limit`` keeps the first
ones (1 to 200, default 200).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import Field

from ...api.params import Params, param
from ...api.route import Context, Route
from ...dialects import Dialect
from ...query.selection import Selection
from ...query.sorting import Descending, sort_enum
from ...timeutil import format_ts
from .states import STATE_TYPES

#: Prefect's ``ObservedStateSort``, in its declaration order.
ObservedStateSort = sort_enum("ObservedStateSort", ("NAME_ASC", "LAST_SEEN_DESC"))

#: The characters SQL ``LIKE`` reads as wildcards, which Prefect escapes in the searched text.
_LIKE_WILDCARDS = frozenset("%_")


def literal_prefix_matcher(dialect: Dialect, prefix: str) -> Callable[[str], bool]:
    """Whether a string starts with `prefix` taken literally, case-folded as the dialect's ``ILIKE`` folds.

    Each wildcard of `prefix` becomes ``_`` (exactly one character) in the
    pattern handed to the dialect, and the string must hold that very
    character at its place; every other character is compared the dialect's
    way.
    """
    pinned = [(i, ch) for i, ch in enumerate(prefix) if ch in _LIKE_WILDCARDS]
    pattern = "".join("_" if ch in _LIKE_WILDCARDS else ch for ch in prefix) + "%"
    like = dialect.like_matcher(pattern)
    if not pinned:
        return like
    return lambda value: like(value) and all(value[i] == ch for i, ch in pinned)


def _pairs(ctx: Context) -> dict[tuple[str, str], list[int]]:
    """``{(type, name): [first timestamp, last timestamp]}`` over the states of the flow runs and task runs."""
    seen: dict[tuple[str, str], list[int]] = {}

    def see(pair: tuple[str, str], stamp: int) -> None:
        bounds = seen.get(pair)
        if bounds is None:
            seen[pair] = [stamp, stamp]
        elif stamp < bounds[0]:
            bounds[0] = stamp
        elif stamp > bounds[1]:
            bounds[1] = stamp

    with_state = {"state_type": STATE_TYPES}
    for table in ("flow_runs", "task_runs"):
        for run in ctx.engine.matching(Selection(table, match=with_state)):
            see((run.state_type, run.state_name), run.state_timestamp)
            if run.state_extras is not None:
                for past in run.state_extras.earlier:
                    see((past.type, past.name), past.timestamp)
    return seen


def _read_observed_states(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    pairs = list(_pairs(ctx).items())
    prefix = (v["query"] or "").strip()
    if prefix:
        starts = literal_prefix_matcher(ctx.engine.dialect, prefix)
        pairs = [pair for pair in pairs if starts(pair[0][0]) or starts(pair[0][1])]
    order = ctx.engine.dialect.order_key()
    if v["order_by"] is ObservedStateSort.NAME_ASC:
        pairs.sort(key=lambda pair: (order(pair[0][0]), order(pair[0][1])))
    else:
        pairs.sort(key=lambda pair: (Descending(order(pair[1][1])), order(pair[0][0]), order(pair[0][1])))
    return [
        {"state_type": state_type, "state_name": name, "first_seen": format_ts(first), "last_seen": format_ts(last)}
        for (state_type, name), (first, last) in pairs[: v["limit"]]
    ]


_PARAMS = Params(
    (
        param("query", Annotated[str | None, Field(max_length=100)], None, "query"),
        param("order_by", ObservedStateSort, ObservedStateSort.LAST_SEEN_DESC, "query"),
        param("limit", Annotated[int, Field(ge=1, le=200)], 200, "query"),
    )
)

#: The observed-states route.
ROUTES = (Route("GET", "/observed-states", _read_observed_states, _PARAMS),)

__all__ = ["ROUTES", "ObservedStateSort", "literal_prefix_matcher"]
