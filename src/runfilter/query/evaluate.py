"""Turn IR conditions into Python predicates and evaluate semi-joins as id sets.

A predicate is compiled once per request and then called per candidate
record: closures over attribute getters, with no JSON or model walking per
record. Cross-entity conditions (``Related`` / ``AnyRelated``) become a set
of ids computed once per request: "the run's deployment is in the set of
matching deployment ids", "the run's id is among the flow-run ids of
matching task runs". That is a semi-join: O(related rows) once, then O(1)
per candidate.

Which records are candidates for a condition is the planner's business
(:mod:`runfilter.query.planner`); this module only needs *some* superset
of the answer and re-checks it with the predicate.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from operator import attrgetter
from typing import Any, Protocol

from ..dialects import Dialect
from ..entities import COMPUTED, LINKS
from .ir import (
    FALSE,
    TRUE,
    VANISH,
    And,
    AnyRelated,
    Cond,
    Contains,
    Equals,
    In,
    IsNull,
    JsonKeyIn,
    Like,
    Not,
    NotIn,
    Or,
    Range,
    Related,
    TagsAll,
    TagsAny,
    TagsEmpty,
)

Predicate = Callable[[Any], bool]


class CandidateSource(Protocol):
    """Where the evaluator gets the records to test for a condition (the planner)."""

    def candidates(self, table: str, cond: Cond, evaluator: Evaluator) -> tuple[Iterable[Any], bool]:
        """Records that may satisfy `cond`, and whether they are exactly the answer (no re-check needed)."""


class FullScan:
    """The trivial candidate source: every record of the table, always re-checked."""

    def __init__(self, tables: Mapping[str, Mapping[str, Any]]) -> None:
        self.tables = tables

    def candidates(self, table: str, cond: Cond, evaluator: Evaluator) -> tuple[Iterable[Any], bool]:
        """All records of `table`; O(n)."""
        return self.tables[table].values(), False


def field_getter(field: str) -> Callable[[Any], Any]:
    """A getter for a record field, or for a kind's computed field (``start_or_expected``)."""
    return COMPUTED.get(field) or attrgetter(field)


class Evaluator:
    """Evaluates conditions against one store snapshot, for one request.

    Semi-join id sets are cached per (link, condition) for the lifetime of
    the evaluator, so a condition used twice costs once.
    """

    def __init__(
        self, tables: Mapping[str, Mapping[str, Any]], dialect: Dialect, source: CandidateSource | None = None
    ) -> None:
        self.tables = tables
        #: the store's dialect: ``Like`` conditions match as its ``ILIKE`` does
        self.dialect = dialect
        self.source = source or FullScan(tables)
        self._semi_joins: dict[tuple[str, Cond], Collection[str]] = {}

    # -- whole-table answers

    def matching(self, table: str, cond: Cond) -> list[Any]:
        """Every record of `table` satisfying `cond` (any order)."""
        if cond is FALSE:
            return []
        records, exact = self.source.candidates(table, cond, self)
        if exact or cond is TRUE or cond is VANISH:
            return list(records)
        check = self.predicate(cond)
        return [r for r in records if check(r)]

    def semi_join(self, link_name: str, cond: Cond) -> Collection[str]:
        """Ids a record's key must be in for ``Related``/``AnyRelated(link, cond)`` to hold.

        To-one: ids of matching target records. To-many: the values of the
        target records' back-reference field. O(target rows) on first use.
        """
        key = (link_name, cond)
        found = self._semi_joins.get(key)
        if found is None:
            link = LINKS[link_name]
            if not link.many and (cond is TRUE or cond is VANISH):
                found = self.tables[link.target].keys()  # existence only
            elif not link.many and (exact_ids := self._exact_ids(link.target, cond)) is not None:
                found = exact_ids  # the index answered exactly: no records needed
            elif link.many:
                back = attrgetter(link.field)
                found = {back(r) for r in self.matching(link.target, cond)}
                found.discard(None)
            else:
                found = {r.id for r in self.matching(link.target, cond)}
            self._semi_joins[key] = found
        return found

    def _exact_ids(self, table: str, cond: Cond) -> Collection[str] | None:
        plan = getattr(self.source, "plan", None)
        if plan is None:
            return None
        result = plan(table, cond, self)
        return result.ids if result.exact and result.ids is not None else None

    # -- per-record predicates

    def predicate(self, cond: Cond) -> Predicate:
        """Compile `cond` into a function of one record."""
        if cond is TRUE or cond is VANISH:
            return lambda r: True
        if cond is FALSE:
            return lambda r: False
        compile_node = _COMPILERS[type(cond)]
        return compile_node(self, cond)


def _in(ev: Evaluator, c: In) -> Predicate:
    get, values = field_getter(c.field), c.values
    return lambda r: get(r) in values


def _not_in(ev: Evaluator, c: NotIn) -> Predicate:
    get, values = field_getter(c.field), c.values

    def check(r: Any) -> bool:
        value = get(r)
        return value is not None and value not in values  # SQL NOT IN drops NULLs

    return check


def _is_null(ev: Evaluator, c: IsNull) -> Predicate:
    get = field_getter(c.field)
    return (lambda r: get(r) is None) if c.null else (lambda r: get(r) is not None)


def _range(ev: Evaluator, c: Range) -> Predicate:
    get, low, high = field_getter(c.field), c.low, c.high
    if low is None:
        return lambda r: (v := get(r)) is not None and v <= high  # type: ignore[operator]
    if high is None:
        return lambda r: (v := get(r)) is not None and v >= low
    return lambda r: (v := get(r)) is not None and low <= v <= high


def _like(ev: Evaluator, c: Like) -> Predicate:
    get, matches = field_getter(c.field), ev.dialect.like_matcher(c.pattern)
    return lambda r: (v := get(r)) is not None and matches(v)


def _contains(ev: Evaluator, c: Contains) -> Predicate:
    get, matches = field_getter(c.field), ev.dialect.contains_matcher(c.text)
    return lambda r: (v := get(r)) is not None and matches(v)


def _equals(ev: Evaluator, c: Equals) -> Predicate:
    get, value = field_getter(c.field), c.value
    return lambda r: get(r) == value


def _tags_all(ev: Evaluator, c: TagsAll) -> Predicate:
    wanted = c.tags
    return lambda r: wanted.issubset(r.tags)


def _tags_any(ev: Evaluator, c: TagsAny) -> Predicate:
    wanted = c.tags
    return lambda r: not wanted.isdisjoint(r.tags)


def _tags_empty(ev: Evaluator, c: TagsEmpty) -> Predicate:
    return (lambda r: not r.tags) if c.empty else (lambda r: bool(r.tags))


def _json_key_in(ev: Evaluator, c: JsonKeyIn) -> Predicate:
    get, key, values = field_getter(c.field), c.key, c.values

    def check(r: Any) -> bool:
        obj = get(r)
        return obj is not None and obj.get(key) in values

    return check


def _junction(use_or: bool) -> Callable[[Evaluator, Any], Predicate]:
    """The compiler of an And (all children hold) or an Or (some child holds)."""

    def compile_junction(ev: Evaluator, c: And | Or) -> Predicate:
        parts = [ev.predicate(child) for child in c.children]
        if len(parts) == 2:  # the common case, without a generator per record
            first, second = parts
            return (lambda r: first(r) or second(r)) if use_or else (lambda r: first(r) and second(r))
        return (lambda r: any(p(r) for p in parts)) if use_or else (lambda r: all(p(r) for p in parts))

    return compile_junction


def _not(ev: Evaluator, c: Not) -> Predicate:
    inner = ev.predicate(c.child)
    return lambda r: not inner(r)


def _related(ev: Evaluator, c: Related) -> Predicate:
    get = attrgetter(LINKS[c.link].field)
    ids = ev.semi_join(c.link, c.cond)
    return lambda r: get(r) in ids


def _any_related(ev: Evaluator, c: AnyRelated) -> Predicate:
    ids = ev.semi_join(c.link, c.cond)
    return lambda r: r.id in ids


_COMPILERS: dict[type, Callable[[Evaluator, Any], Predicate]] = {
    In: _in,
    NotIn: _not_in,
    IsNull: _is_null,
    Range: _range,
    Like: _like,
    Contains: _contains,
    Equals: _equals,
    TagsAll: _tags_all,
    TagsAny: _tags_any,
    TagsEmpty: _tags_empty,
    JsonKeyIn: _json_key_in,
    And: _junction(use_or=False),
    Or: _junction(use_or=True),
    Not: _not,
    Related: _related,
    AnyRelated: _any_related,
}
