"""Bookkeeping shared by every step of a load: ids, references, unique keys, errors with paths."""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from ..errors import DatasetError
from ..timeutil import parse_dataset_time, to_us
from .fields import DATASET_KEYS, DERIVED, FIELDS

_DURATION = TypeAdapter(dt.timedelta)
_ONE_US = dt.timedelta(microseconds=1)
_fromisoformat = dt.datetime.fromisoformat
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


STATE_TYPES = frozenset(
    {"SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING"}
)
_TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED", "CRASHED"})


def default_state_name(state_type: str) -> str:
    """Prefect's state name for a type: ``CANCELLING`` → ``Cancelling``."""
    return " ".join(part.capitalize() for part in state_type.split("_"))


def default_stamps(created: int | None, updated: int | None, now: int) -> tuple[int, int]:
    """Prefect's ``created`` (default: the batch's now) and ``updated`` (default: created)."""
    if created is None:
        created = now
    return created, created if updated is None else updated


def default_state_timestamp(state_type: str, start: int | None, end: int | None, created: int) -> int:
    """When a run without a ``state_timestamp`` entered its state, as far as its data tell.

    A terminal run entered it at its end, a running (or cancelling) one at its
    start, anything else when it was created.
    """
    if state_type in _TERMINAL and end is not None:
        return end
    if (state_type == "RUNNING" or state_type == "CANCELLING") and start is not None:
        return start
    return created


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
        parsed = self[value] = to_us(_fromisoformat(value))  # parse_dataset_time's case for text
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

    def time(self, field: str) -> int | None:
        """A timestamp field in epoch µs (None when absent)."""
        return self.get(field, parse_dataset_time)

    def uuid(self, field: str) -> str | None:
        """A UUID field as canonical text (None when absent)."""
        return self.get(field, uuid_text)

    def required_str(self, field: str) -> str:
        """A non-empty string field; missing or empty is an error."""
        value = self.raw.get(field)
        if value is None or value == "":
            raise DatasetError(f"{self.where}.{field}", "required")
        if not isinstance(value, str):
            raise DatasetError(f"{self.where}.{field}", f"expected a string, got {value!r}")
        return value


#: Per kind, the field of an item that holds Prefect's unique key, and what that key is (for errors).
UNIQUE_KEYS: dict[str, tuple[str, str]] = {
    "flows": ("name", "flow name"),
    "work_pools": ("name", "work pool name"),
    "work_queues": ("name", "queue name in this pool"),
    "deployments": ("name", "deployment name for this flow"),
    "flow_runs": ("idempotency_key", "(flow_id, idempotency_key)"),
    "task_runs": ("dynamic_key", "(flow_run_id, task_key, dynamic_key)"),
}

#: Every field an item of each kind may carry (given or derived).
ITEM_FIELDS: dict[str, frozenset[str]] = {kind: FIELDS[kind] | DERIVED[kind] for kind in DATASET_KEYS}

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def uuid_text(value: Any) -> str | None:
    """Canonical UUID text of a value (any form `uuid.UUID` reads), or None; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # already canonical: skip uuid.UUID (the loader's hottest call)
    try:
        return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
    except ValueError:
        raise ValueError(f"{value!r} is not a UUID") from None


def duration_us(value: Any) -> int:
    """A duration in seconds (number) or an ISO 8601 duration string, in µs."""
    if value is None:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.timedelta(seconds=value) // _ONE_US
        except OverflowError:
            raise ValueError(f"{value!r} seconds is out of range") from None
    try:
        return _DURATION.validate_python(value) // _ONE_US
    except ValidationError:
        raise ValueError(f"{value!r} is not a duration in seconds") from None


def count(value: Any) -> int:
    """A non-boolean integer counter (``run_count``); None = 0."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


class BatchBuilder:
    """Builds the records of one dataset against what the store already holds.

    Use :func:`build_batch`; the class only keeps the bookkeeping (ids,
    unique keys, queues per pool) shared by the per-entity steps.
    """

    def __init__(
        self, store: StoreView, now: int, first_seq: int, rng: random.Random, strict: bool = True, replace: bool = False
    ) -> None:
        self.store = store
        self.strict = strict
        self.now = now
        self.seq = first_seq
        self.rng = rng
        self.new: dict[str, dict[str, Any]] = {kind: {} for kind in DATASET_KEYS}
        self.replace = replace
        #: timestamp text → epoch µs, memoised for this batch
        self.times = TimeMemo()
        #: per kind, unique key → (record id, dataset index) of the item of this batch holding it
        self.claims: dict[str, dict[tuple, tuple[str, int]]] = {kind: {} for kind in DATASET_KEYS}
        #: (flow run id, task key) → how many unkeyed task runs of it this batch has numbered
        self.task_repeats: dict[tuple[str | None, str], int] = {}

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

    def ref(self, item: Item, field: str, kind: str, what: str, required: bool = False) -> str | None:
        """Read and check a reference field of `item` (see :meth:`check_ref`)."""
        return self.check_ref(item, field, item.uuid(field), kind, what, required)

    def seq_for(self, kind: str, record_id: str) -> int:
        """The insertion ordinal of a record: kept when an upsert replaces it, else the next one."""
        old = self.store.table(kind).get(record_id) if self.replace else None
        return old.seq if old is not None else self.next_seq()

    def check_ref(
        self, item: Item, field: str, value: str | None, kind: str, what: str, required: bool = False
    ) -> str | None:
        """`value` (an already converted id) if it names a known record of `kind`; else an error at the field."""
        if value is None:
            if required:
                raise DatasetError(f"{item.where}.{field}", "required")
            return None
        target = self.lookup(kind, value)
        if target is None:
            raise DatasetError(f"{item.where}.{field}", f"no {what} with id {value} in the dataset")
        # the referenced record's own id object: one string per id in memory, and index
        # lookups between tables then match on identity
        return target.id

    def claim_unique(self, kind: str, key: tuple, record_id: str, index: int) -> None:
        """Reserve `kind`'s unique key for the record of item ``kind[index]`` (conflicts with the store:
        :meth:`check_store_uniques`).

        Errors name the key's field (:data:`UNIQUE_KEYS`) of both items, e.g. ``flows[3].name``.
        """
        claims = self.claims[kind]
        claimed = claims.get(key)
        if claimed is not None and claimed[0] != record_id:
            field, what = UNIQUE_KEYS[kind]
            raise DatasetError(
                f"{kind}[{index}].{field}", f"{what} already used by {kind} {claimed[0]} ({kind}[{claimed[1]}].{field})"
            )
        claims[key] = (record_id, index)

    def claim_task_run_key(
        self, index: int, run_id: str, flow_run_id: str | None, task_key: str, dynamic_key: str | None
    ) -> str:
        """A task run's ``dynamic_key``, claimed with its flow run and task key as Prefect's unique key.

        Without one, Prefect numbers the unkeyed repeats of a task within its
        flow run: "0", "1", ... in load order.
        """
        if dynamic_key is None:
            repeat = (flow_run_id, task_key)
            numbered = self.task_repeats.get(repeat, 0)
            self.task_repeats[repeat] = numbered + 1
            dynamic_key = str(numbered)
        if flow_run_id is not None:
            self.claim_unique("task_runs", (flow_run_id, task_key, dynamic_key), run_id, index)
        return dynamic_key

    def check_store_uniques(self) -> None:
        """Check this batch's unique keys against the store, once every record of the batch is known.

        A stored record being replaced in this batch no longer holds its old
        key, so a batch may swap names between records.
        """
        stored_kinds = {kind for kind in DATASET_KEYS if self.store.table(kind)}
        if not stored_kinds:  # loading into an empty store: nothing to collide with
            return
        for kind in stored_kinds:
            field, what = UNIQUE_KEYS[kind]
            for key, (record_id, index) in self.claims[kind].items():
                owner = self.store.unique_owner(kind, key)
                if owner is not None and owner != record_id and owner not in self.new[kind]:
                    raise DatasetError(f"{kind}[{index}].{field}", f"{what} already used by {kind} {owner}")

    def stamps(self, item: Item) -> tuple[int, int]:
        """``created`` and ``updated`` of an item, with their defaults (:func:`default_stamps`)."""
        return default_stamps(item.time("created"), item.time("updated"), self.now)

    def items(self, dataset: Mapping[str, Any], kind: str) -> Iterable[tuple[str, Item]]:
        """(id, item) per dataset entry of `kind` (see :meth:`checked_item`)."""
        for index, raw in enumerate(dataset.get(kind) or []):
            yield self.checked_item(kind, index, raw)

    def checked_item(self, kind: str, index: int, raw: Any) -> tuple[str, Item]:
        """(id, item) of the entry ``kind[index]``, with field checks and duplicate-id detection.

        An entry without an id gets a random one, drawn from the batch's generator.
        """
        if not isinstance(raw, dict):
            raise DatasetError(f"{kind}[{index}]", f"expected an object, got {type(raw).__name__}")
        allowed = ITEM_FIELDS[kind]
        if self.strict and not allowed.issuperset(raw):
            raise DatasetError(f"{kind}[{index}]", f"unknown field(s) {sorted(set(raw) - allowed)}")
        item = Item(raw, kind, index)
        record_id = raw.get("id")
        if type(record_id) is not str or not _CANONICAL_UUID.fullmatch(record_id):  # else: already canonical
            record_id = item.uuid("id") or str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if record_id in self.new[kind]:
            raise DatasetError(f"{item.where}.id", f"duplicate id {record_id}")
        if not self.replace and record_id in self.store.table(kind):
            raise DatasetError(
                f"{item.where}.id", f"duplicate id {record_id}: already in the store (use upsert to replace)"
            )
        return record_id, item
