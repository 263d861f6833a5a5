"""Access paths: which index answers which condition, and at what estimated cost.

For one condition on one table, :func:`access_path` returns an
:class:`Access`: an estimated number of ids and a function producing the
*exact* set of ids satisfying the condition from an index — or ``None`` when
no index helps (the condition is then checked per record). The planner
(:mod:`runfilter.query.planner`) intersects the cheapest paths and keeps
everything else as a residual predicate.

Estimates are cheap (posting sizes, bisect counts, semi-join sizes); a path
is only materialised when the planner decides it is worth it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from ..entities import LINKS
from ..indexes.table_indexes import NO_TAGS, TableIndexes
from . import ir
from .evaluate import Evaluator
from .ir import Cond

#: A ``Like`` on an indexed field is answered from the field's distinct values when there are fewer than this share.
_LIKE_DISTINCT_SHARE = 0.5


@dataclass
class Access:
    """An index-backed way to get the ids satisfying one condition.

    ``estimate`` bounds the number of ids from above; when ``exact_size`` it
    *is* that number (postings of a single-valued field are disjoint), so a
    count needs no set at all.
    """

    estimate: int
    ids: Callable[[], Collection[str]]
    exact_size: bool = False
    #: ids touched to build the set (0: an existing posting is returned as is)
    work: int = 0


def _exact(ids: Collection[str]) -> Access:
    return Access(len(ids), lambda: ids, exact_size=True)


def _postings_union(postings: Any, values: Collection[Any], single_valued: bool = True) -> Access:
    """Ids filed under any of `values`; one value returns the posting itself (never mutated)."""
    if len(values) == 1:
        (value,) = values
        only = postings.get(value)
        return Access(len(only), lambda: only, exact_size=True)
    size = postings.size(values)
    return Access(size, lambda: postings.union(values), exact_size=single_valued, work=size)


def access_path(table: str, cond: Cond, indexes: dict[str, TableIndexes], ev: Evaluator) -> Access | None:
    """The index access path for `cond` on `table`, or None."""
    ix = indexes[table]
    if cond is ir.FALSE:
        return _exact(set())
    kind = type(cond)
    if kind is ir.In:
        if cond.field == "id":
            records = ev.tables[table]
            return _exact({i for i in cond.values if i in records})
        if ix.has(f"={cond.field}"):
            return _postings_union(ix.get(f"={cond.field}"), cond.values)
    elif kind is ir.IsNull:
        if cond.null and ix.has(f"={cond.field}"):
            return _exact(ix.get(f"={cond.field}").get(None))
    elif kind is ir.Range:
        if ix.has(f"<{cond.field}"):
            sorted_index = ix.get(f"<{cond.field}")
            return Access(
                sorted_index.count_between(cond.low, cond.high), lambda: set(sorted_index.between(cond.low, cond.high))
            )
    elif kind is ir.TagsAll:
        tags = ix.get("=tags")
        postings = sorted((tags.get(t) for t in cond.tags), key=len)
        if len(postings) == 1:
            return _exact(postings[0])
        size = max(len(ev.tables[table]), 1)
        estimate = size  # tags assumed independent: the product of their frequencies
        for posting in postings:
            estimate = estimate * len(posting) // size
        return Access(estimate, lambda: set.intersection(*postings), work=len(postings[0]))
    elif kind is ir.TagsAny:
        return _postings_union(ix.get("=tags"), cond.tags, single_valued=False)
    elif kind is ir.TagsEmpty:
        if cond.empty:
            return _exact(ix.get("=tags").get(NO_TAGS))
    elif kind is ir.Equals:
        if ix.has(f"={cond.field}"):
            return _exact(ix.get(f"={cond.field}").get(cond.value))
    elif kind is ir.JsonKeyIn:
        name = f"={cond.field}.{cond.key}"
        if ix.has(name):
            return _postings_union(ix.get(name), cond.values)
    elif kind is ir.Like:
        return _like_path(cond, ix, len(ev.tables[table]), ev)
    elif kind is ir.Related:
        return _related_path(cond, ix, ev)
    elif kind is ir.AnyRelated:
        ids = ev.semi_join(cond.link, cond.cond)
        records = ev.tables[table]
        return Access(len(ids), lambda: {i for i in ids if i in records}, exact_size=False, work=len(ids))
    elif kind is ir.Or:
        paths = [access_path(table, child, indexes, ev) for child in cond.children]
        if all(p is not None for p in paths):
            return Access(
                sum(p.estimate for p in paths),  # type: ignore[union-attr]
                lambda: set().union(*(p.ids() for p in paths)),
            )  # type: ignore[union-attr]
    return None


def _like_path(cond: ir.Like, ix: TableIndexes, table_size: int, ev: Evaluator) -> Access | None:
    # A LIKE cannot use an index directly, but a posting index knows every
    # distinct value: test the pattern once per value instead of once per record.
    name = f"={cond.field}"
    if not ix.has(name):
        return None
    postings = ix.get(name)
    if len(postings.postings) > table_size * _LIKE_DISTINCT_SHARE:
        return None
    matches = ev.dialect.like_matcher(cond.pattern)
    values = [v for v in postings.distinct() if v is not None and matches(v)]
    return _postings_union(postings, values)


def _related_path(cond: ir.Related, ix: TableIndexes, ev: Evaluator) -> Access | None:
    link = LINKS[cond.link]
    name = f"={link.field}"
    if not ix.has(name):
        return None
    targets = ev.semi_join(cond.link, cond.cond)
    postings = ix.get(name)
    if len(targets) > len(postings.postings):  # iterate the smaller side (C-level filter)
        keys = [k for k in filter(targets.__contains__, postings.postings) if k is not None]
    else:
        keys = [k for k in filter(postings.postings.__contains__, targets) if k is not None]
    return _postings_union(postings, keys)
