"""Bookkeeping shared by every step of a load: ids, references, unique keys, errors with paths."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from ..codecs import is_canonical_uuid, uuid_text
from ..errors import DatasetError
from ..schema import Kind
from ..timeutil import parse_dataset_time

_SLUG_ADJECTIVES = (
    "amber",
    "bold",
    "calm",
    "daring",
    "eager",
    "fancy",
    "gentle",
    "happy",
    "ivory",
    "jolly",
    "keen",
    "lively",
    "mighty",
    "nimble",
    "olive",
    "proud",
    "quick",
    "rustic",
    "silent",
    "tidy",
)
_SLUG_NOUNS = (
    "albatross",
    "beaver",
    "cobra",
    "dolphin",
    "egret",
    "fox",
    "gazelle",
    "heron",
    "ibis",
    "jackal",
    "koala",
    "lemur",
    "marmot",
    "narwhal",
    "ocelot",
    "puffin",
    "quokka",
    "raccoon",
    "stork",
    "tapir",
)


class StoreView(Protocol):
    """What the loader reads from the store it loads into."""

    def table(self, kind: str) -> Mapping[str, Any]:
        """Records of a kind, by id."""

    def unique_owner(self, kind: str, key: tuple) -> str | None:
        """Id of the stored record holding a unique key, if any."""


def random_slug(rng: random.Random) -> str:
    """A random two-word run name, as Prefect gives unnamed runs."""
    return f"{rng.choice(_SLUG_ADJECTIVES)}-{rng.choice(_SLUG_NOUNS)}"


def default_stamps(created: int | None, updated: int | None, now: int) -> tuple[int, int]:
    """Prefect's ``created`` (default: the batch's now) and ``updated`` (default: created)."""
    if created is None:
        created = now
    return created, created if updated is None else updated


class TimeMemo(dict):
    """Timestamp text → epoch µs, parsed on first sight: ``memo[text]``; ``memo[None]`` is None.

    A subscript that hits costs no Python call, and a run's ``created``,
    ``updated`` and expected start are often the same text. A key that is
    not a string raises ValueError (the loader's fast path then leaves the
    item to the general reader, which also accepts datetimes).
    """

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, value: Any) -> int:
        if type(value) is not str:
            raise ValueError(f"{value!r} is not timestamp text")
        parsed = self[value] = parse_dataset_time(value)
        return parsed


class Item:
    """One dataset item and its path (``flow_runs[3]``), for reading fields with errors that name them."""

    __slots__ = ("_path", "index", "raw")

    def __init__(self, raw: dict[str, Any], path: str, index: int | None = None) -> None:
        self.raw = raw
        self._path = path
        #: position in its dataset list (None for a nested object)
        self.index = index

    @property
    def where(self) -> str:
        """The item's path, e.g. ``flow_runs[3]`` (built on demand: only errors need it)."""
        return self._path if self.index is None else f"{self._path}[{self.index}]"

    def get(self, field: str, convert: Callable[[Any], Any] = lambda v: v) -> Any:
        """Field `field` converted by `convert`; a ValueError becomes a DatasetError naming the field."""
        try:
            return convert(self.raw.get(field))
        except ValueError as exc:
            raise DatasetError(f"{self.where}.{field}", str(exc)) from None

    def uuid(self, field: str) -> str | None:
        """A UUID field as canonical text (None when absent)."""
        return self.get(field, uuid_text)


class BatchBuilder:
    """Builds the records of one dataset against what the store already holds.

    Use :func:`runfilter.loading.build_batch`; the class keeps the
    bookkeeping (ids, unique keys, references) shared by the kinds' loaders.
    `kinds` are the record kinds, by name, in load order.
    """

    def __init__(
        self,
        kinds: dict[str, Kind],
        store: StoreView,
        now: int,
        first_seq: int,
        rng: random.Random,
        strict: bool = True,
        replace: bool = False,
    ) -> None:
        self.kinds = kinds
        self.store = store
        self.strict = strict
        self.now = now
        self.seq = first_seq
        self.rng = rng
        #: per kind, the records of this batch by id
        self.new: dict[str, dict[str, Any]] = {kind: {} for kind in kinds}
        self.replace = replace
        #: timestamp text → epoch µs, memoised for this batch
        self.times = TimeMemo()
        #: per kind, unique key → (record id, dataset index) of the item of this batch holding it
        self.claims: dict[str, dict[tuple, tuple[str, int]]] = {kind: {} for kind in kinds}
        #: per-batch state a kind's loader keeps for itself (task-run key numbering, ...), by name
        self.scratch: dict[str, Any] = {}
        #: per kind, ids of stored records an upsert of this batch makes obsolete (the concurrency
        #: limit of a deployment replaced by one without a limit)
        self.removed: dict[str, set[str]] = {}

    # -- helpers

    def next_seq(self) -> int:
        """The next insertion ordinal."""
        self.seq += 1
        return self.seq

    def exists(self, kind: str, record_id: str) -> bool:
        """Whether a record of `kind` with that id is in this batch or the store."""
        return record_id in self.new[kind] or record_id in self.store.table(kind)

    def lookup(self, kind: str, record_id: str) -> Any:
        """The record of `kind` with that id, from this batch or the store (None if unknown)."""
        found = self.new[kind].get(record_id)
        return found if found is not None else self.store.table(kind).get(record_id)

    def seq_for(self, kind: str, record_id: str) -> int:
        """The insertion ordinal of a record: kept when an upsert replaces it, else the next one."""
        old = self.store.table(kind).get(record_id) if self.replace else None
        return old.seq if old is not None else self.next_seq()

    def check_ref(self, item: Item, field: str, value: str | None, kind: str, required: bool = False) -> str | None:
        """`value` (an already converted id) if it names a known record of `kind`; else an error at the field."""
        if value is None:
            if required:
                raise DatasetError(f"{item.where}.{field}", "required")
            return None
        target = self.lookup(kind, value)
        if target is None:
            raise DatasetError(f"{item.where}.{field}", f"no {self.kinds[kind].noun} with id {value} in the dataset")
        # the referenced record's own id object: one string per id in memory, and index
        # lookups between tables then match on identity
        return target.id

    def check_refs(self, item: Item, kind: Kind, values: dict[str, Any]) -> None:
        """Check (and share the id object of) every enforced reference of `values` to a kind loaded before `kind`.

        References to kinds loaded later are checked once the batch is
        complete (:meth:`check_forward_refs`).
        """
        order = list(self.kinds)
        for col in kind.references:
            ref = col.ref
            assert ref is not None
            if ref.enforced and order.index(ref.target) < order.index(kind.name):
                values[col.name] = self.check_ref(item, col.name, values.get(col.name), ref.target, col.required)

    def check_forward_refs(self) -> None:
        """References of this batch's records to kinds loaded after their own (a subflow's parent task run,
        a pool's default queue): each must name a record of the batch or the store."""
        order = list(self.kinds)
        for position, kind in enumerate(self.kinds.values()):
            forward = [
                c
                for c in kind.references
                if c.ref is not None and c.ref.enforced and order.index(c.ref.target) >= position
            ]
            for col in forward:
                target = col.ref.target  # type: ignore[union-attr]
                for index, record in enumerate(self.new[kind.name].values()):
                    value = getattr(record, col.name)
                    if value is not None and not self.exists(target, value):
                        noun = self.kinds[target].noun
                        raise DatasetError(
                            f"{kind.name}[{index}].{col.name}", f"no {noun} with id {value} in the dataset"
                        )

    def claim_unique(self, kind: str, key: tuple | None, record_id: str, index: int) -> None:
        """Reserve `kind`'s unique key for the record of item ``kind[index]`` (conflicts with the store:
        :meth:`check_store_uniques`). A key with a NULL part (None) constrains nothing.

        Errors name the key's field (:class:`~runfilter.schema.UniqueKey`) of both items, e.g. ``flows[3].name``.
        """
        if key is None:
            return
        claims = self.claims[kind]
        claimed = claims.get(key)
        if claimed is not None and claimed[0] != record_id:
            unique = self.kinds[kind].unique
            assert unique is not None
            field, what = unique.item_field, unique.what
            raise DatasetError(
                f"{kind}[{index}].{field}", f"{what} already used by {kind} {claimed[0]} ({kind}[{claimed[1]}].{field})"
            )
        claims[key] = (record_id, index)

    def check_store_uniques(self) -> None:
        """Check this batch's unique keys against the store, once every record of the batch is known.

        A stored record being replaced in this batch no longer holds its old
        key, so a batch may swap names between records.
        """
        stored_kinds = [kind for kind in self.kinds.values() if kind.unique is not None and self.store.table(kind.name)]
        for kind in stored_kinds:  # loading into an empty store: nothing to collide with
            field, what = kind.unique.item_field, kind.unique.what  # type: ignore[union-attr]
            for key, (record_id, index) in self.claims[kind.name].items():
                owner = self.store.unique_owner(kind.name, key)
                if owner is not None and owner != record_id and owner not in self.new[kind.name]:
                    raise DatasetError(f"{kind.name}[{index}].{field}", f"{what} already used by {kind.name} {owner}")

    def items(self, kind: str, raws: list[Any]) -> Iterable[tuple[str, Item]]:
        """(id, item) per dataset entry of `kind` (see :meth:`checked_item`)."""
        for index, raw in enumerate(raws):
            yield self.checked_item(kind, index, raw)

    def checked_item(self, kind: str, index: int, raw: Any) -> tuple[str, Item]:
        """(id, item) of the entry ``kind[index]``, with field checks and duplicate-id detection.

        An entry without an id gets a random one, drawn from the batch's generator.
        """
        if not isinstance(raw, dict):
            raise DatasetError(f"{kind}[{index}]", f"expected an object, got {type(raw).__name__}")
        allowed = self.kinds[kind].item_fields
        if self.strict and not allowed.issuperset(raw):
            raise DatasetError(f"{kind}[{index}]", f"unknown field(s) {sorted(set(raw) - allowed)}")
        item = Item(raw, kind, index)
        record_id = raw.get("id")
        if type(record_id) is not str or not is_canonical_uuid(record_id):  # else: already canonical
            record_id = item.uuid("id") or str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if record_id in self.new[kind]:
            raise DatasetError(f"{item.where}.id", f"duplicate id {record_id}")
        if not self.replace and record_id in self.store.table(kind):
            raise DatasetError(
                f"{item.where}.id", f"duplicate id {record_id}: already in the store (use upsert to replace)"
            )
        return record_id, item
