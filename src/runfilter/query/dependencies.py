"""Which record fields a condition reads (for counting by group instead of by record)."""

from __future__ import annotations

from ..entities import COMPUTED, KINDS, LINKS
from .ir import FALSE, TRUE, VANISH, And, Cond, Equals, In, IsNull, Like, Not, NotIn, Or, Related

#: Fields too close to unique per record for grouping to pay off (ids, instants, near-unique keys,
#: computed fields), or not even hashable (JSON objects, tags): from the kinds' column declarations.
_UNGROUPABLE = frozenset({c.name for kind in KINDS for c in kind.columns if not c.can_group} | set(COMPUTED))


def fields_read(cond: Cond) -> frozenset[str] | None:
    """The fields `cond` reads on its own record, or None if it reads an ungroupable one."""
    if cond is TRUE or cond is FALSE or cond is VANISH:
        return frozenset()
    if isinstance(cond, (In, NotIn, IsNull, Equals, Like)):
        return None if cond.field in _UNGROUPABLE else frozenset({cond.field})
    if isinstance(cond, Related):
        return frozenset({LINKS[cond.link].field})  # a to-one test reads only the foreign key
    if isinstance(cond, Not):
        return fields_read(cond.child)
    if isinstance(cond, (And, Or)):
        out: frozenset[str] = frozenset()
        for child in cond.children:
            fields = fields_read(child)
            if fields is None:
                return None
            out |= fields
        return out
    return None
