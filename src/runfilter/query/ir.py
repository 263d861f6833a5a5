"""The condition language filters compile to: a small, inspectable IR.

A request's filters become one tree of these nodes per primary table. The
tree is plain data so that two consumers can read it: the evaluator, which
turns it into Python predicates and id-set semi-joins, and the planner,
which picks indexes from it.

Three constants reproduce how SQLAlchemy builds Prefect's WHERE clauses:

* ``TRUE`` — a filter object with no active condition (``{}``,
  ``{"like_": ""}``). Inside an ``or_`` it makes the whole OR true.
* ``FALSE`` — ``any_: []`` (SQL ``IN ()``).
* ``VANISH`` — an empty clause list (``startswith_: []`` renders as
  ``or_()``): it disappears from any enclosing AND/OR, and only becomes
  TRUE when nothing else is left (docs/semantics.md#active-operators).

Field names are record attributes, plus the kinds' computed fields
(``start_or_expected``: :attr:`runfilter.schema.Kind.computed`). Comparisons
never match NULL (SQL's unknown is treated as false in WHERE), except
:class:`IsNull`.
"""

from __future__ import annotations

from dataclasses import dataclass


class Constant:
    """One of the three constants TRUE, FALSE, VANISH."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


TRUE = Constant("TRUE")
FALSE = Constant("FALSE")
VANISH = Constant("VANISH")


@dataclass(frozen=True)
class In:
    """``field IN values`` (NULL never matches; an empty set matches nothing)."""

    field: str
    values: frozenset


@dataclass(frozen=True)
class NotIn:
    """``field NOT IN values``: SQL drops rows whose field is NULL."""

    field: str
    values: frozenset


@dataclass(frozen=True)
class IsNull:
    """``field IS NULL`` (``null=True``) or ``IS NOT NULL``."""

    field: str
    null: bool


@dataclass(frozen=True)
class Range:
    """``low <= field <= high`` on µs instants, either bound optional (both inclusive)."""

    field: str
    low: int | None
    high: int | None


@dataclass(frozen=True)
class Like:
    """``field ILIKE pattern`` with SQLite semantics: ``%``/``_`` wildcards, no escape, ASCII case folding.

    ``pattern`` is the whole SQL pattern (``%etl%`` for ``like_: "etl"``).
    """

    field: str
    pattern: str


@dataclass(frozen=True)
class Contains:
    """``lower(field) LIKE '%text%'`` with `text` escaped (SQLAlchemy's ``contains(..., autoescape=True)``).

    The field's value, lower-cased as the database's ``lower()`` does, holds
    `text` literally (``%`` and ``_`` are plain characters), letters compared
    as its ``LIKE`` compares them: the log text search (docs/semantics.md#logs).
    """

    field: str
    text: str


@dataclass(frozen=True)
class Equals:
    """``field = value`` (booleans: deployment ``paused``)."""

    field: str
    value: object


@dataclass(frozen=True)
class TagsAll:
    """Every listed tag is among the record's tags."""

    tags: frozenset


@dataclass(frozen=True)
class TagsAny:
    """At least one listed tag is among the record's tags (an empty set matches nothing)."""

    tags: frozenset


@dataclass(frozen=True)
class TagsEmpty:
    """The record has no tags (``empty=True``) or has some."""

    empty: bool


@dataclass(frozen=True)
class JsonKeyIn:
    """``field->>key IN values`` on a JSON object column (``created_by.id`` / ``.type``)."""

    field: str
    key: str
    values: frozenset


@dataclass(frozen=True)
class And:
    """All children hold."""

    children: tuple


@dataclass(frozen=True)
class Or:
    """At least one child holds."""

    children: tuple


@dataclass(frozen=True)
class Not:
    """Negation; only ever applied to existence tests, which are never unknown."""

    child: Cond


@dataclass(frozen=True)
class Related:
    """To-one semi-join: the record's foreign key names an existing target satisfying ``cond``."""

    link: str
    cond: Cond


@dataclass(frozen=True)
class AnyRelated:
    """To-many semi-join: some record of another table links to this one and satisfies ``cond``."""

    link: str
    cond: Cond


Cond = (
    Constant
    | In
    | NotIn
    | IsNull
    | Range
    | Like
    | Contains
    | Equals
    | TagsAll
    | TagsAny
    | TagsEmpty
    | JsonKeyIn
    | And
    | Or
    | Not
    | Related
    | AnyRelated
)


def combine(conds: list[Cond], use_or: bool) -> Cond:
    """AND/OR a filter's conditions the way SQLAlchemy renders them.

    An empty list is TRUE (Prefect returns ``sa.true()`` for a filter with no
    conditions). VANISH children are dropped; if nothing else remains the
    result vanishes too. TRUE/FALSE fold as in boolean logic.
    """
    if not conds:
        return TRUE
    kept = [c for c in conds if c is not VANISH]
    if not kept:
        return VANISH
    absorbing, neutral = (TRUE, FALSE) if use_or else (FALSE, TRUE)
    if any(c is absorbing for c in kept):
        return absorbing
    kept = [c for c in kept if c is not neutral]
    if not kept:
        return neutral
    if len(kept) == 1:
        return kept[0]
    return Or(tuple(kept)) if use_or else And(tuple(kept))


def where(conds: list[Cond]) -> Cond:
    """A WHERE clause built from several conditions: ANDed, with VANISH meaning "no condition"."""
    result = combine(conds, use_or=False) if conds else TRUE
    return TRUE if result is VANISH else result
