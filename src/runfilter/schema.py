"""The vocabulary of record-kind declarations: columns, references, unique keys, kinds.

A record kind (flows, flow runs, ...) is declared once, in its folder under
:mod:`runfilter.entities`: its record class lists its columns, each
declared with :func:`column` (how it is read from a dataset and written
back, its default, what it references, which indexes it can have), and its
:class:`Kind` adds the unique key, the dataset fields the loader reads
besides the columns, and the kind's behaviour. Everything that used to list
a kind's fields by hand derives from that declaration: the dataset fields a
loader accepts, the general loader's converters and defaults, export, index
declarations, join links, referential checks and delete cascades
(docs/architecture.md#record-kinds).

>>> from dataclasses import dataclass
>>> @dataclass(slots=True)
... class Thing:
...     id: str = column(codecs.ID, index=ORDERED)
...     seq: int = column()
...     name: str = column(codecs.TEXT, required=True, index=LOOKUP)
>>> thing = Kind("things", "thing", Thing)
>>> [c.name for c in thing.columns], sorted(thing.item_fields)
(['id', 'seq', 'name'], ['id', 'name'])
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import codecs
from .codecs import Codec

#: Index flags of a column: a posting index (value → ids: equality, IN, IS NULL, LIKE over distinct
#: values; one posting per tag for a tags column) and a sorted index (ranges, sorted walks).
LOOKUP = 1
ORDERED = 2

#: What deleting a referenced record does to the referencing ones (Prefect's foreign keys).
CASCADE = "cascade"
SET_NULL = "set null"
RESTRICT = "restrict"


@dataclass(frozen=True)
class Ref:
    """A column naming a record of another kind (or of its own).

    ``on_delete`` is the foreign key's rule (:data:`CASCADE`, :data:`SET_NULL`,
    :data:`RESTRICT`); None means Prefect has no foreign key here: the loader
    does not check the reference, it may dangle, and a dangling reference
    simply never joins (``flow_run.deployment_id``). ``link`` names the
    to-one join from the referencing kind (``flow_run.flow``), ``reverse``
    the to-many join back from the target (``flow.flow_runs``). ``role`` says
    what the target is to the referencing record, for errors (``default
    queue``). ``purged``: Prefect's delete route of the target also deletes
    the referencing records, though no foreign key does (a flow run's logs):
    only for targets a delete names, not for those a cascade takes
    (:func:`runfilter.writes.deletes.plan_delete`).
    """

    target: str
    on_delete: str | None
    link: str | None = None
    reverse: str | None = None
    role: str = "reference"
    purged: bool = False

    @property
    def enforced(self) -> bool:
        """Whether the database enforces the reference (the target must exist)."""
        return self.on_delete is not None


@dataclass(frozen=True)
class Column:
    """One column of a record kind (see :func:`column`)."""

    codec: Codec | None = None
    default: Any = None
    required: bool = False
    ref: Ref | None = None
    index: int = 0
    json_keys: tuple[str, ...] = ()
    groupable: bool | None = None
    name: str = ""

    @property
    def in_dataset(self) -> bool:
        """Whether a dataset item carries this column under its own name."""
        return self.codec is not None

    @property
    def can_group(self) -> bool:
        """Whether counting by groups of this column's values can pay off (few distinct values)."""
        if self.groupable is not None:
            return self.groupable
        return self.name != "id" and (self.codec is None or self.codec.groupable)


def column(
    codec: Codec | None = None,
    *,
    default: Any = None,
    required: bool = False,
    ref: Ref | None = None,
    index: int = 0,
    json_keys: tuple[str, ...] = (),
    groupable: bool | None = None,
) -> Any:
    """Declare a record field as a column (use as the dataclass field's value; it sets no dataclass default).

    `codec`: how a dataset item's value is read and written back (None: the
    column is not a dataset field under its own name: ``seq``, or a value the
    kind's loader derives). `default`: the stored value when an item leaves
    the field out or null. `required`: an item must give it. `ref`: what it
    references. `index`: :data:`LOOKUP` and/or :data:`ORDERED`. `json_keys`:
    keys of a JSON object column that get a lookup index each. `groupable`:
    overrides the codec's guess of whether the column has few distinct values.
    """
    declared = Column(codec, default, required, ref, index, json_keys, groupable)
    return dataclasses.field(metadata={"column": declared})


@dataclass(frozen=True)
class UniqueKey:
    """A unique constraint: ``fields`` of a record; a key with a NULL part constrains nothing (SQL).

    ``item_field`` is the dataset field an error about it names; ``what``
    describes the key in that error (``flow name``).
    """

    fields: tuple[str, ...]
    item_field: str
    what: str

    def key_of(self) -> Callable[[Any], tuple | None]:
        """A function giving a record's key (None when a part is NULL)."""
        names = self.fields
        if len(names) == 1:
            (only,) = names
            return lambda r: None if (v := getattr(r, only)) is None else (v,)

        def key(r: Any) -> tuple | None:
            values = tuple(getattr(r, name) for name in names)
            return None if None in values else values

        return key


@dataclass(eq=False)
class Kind:
    """A record kind: its table, its record class and columns, and the facts derived from them.

    `name` is the dataset key and table name (``flow_runs``), `noun` how errors
    name one record (``flow run``). `inputs`: dataset fields the kind's loader
    reads besides its columns (``state``, ``work_pool_name``, ...). `ignored`:
    fields Prefect computes in responses, accepted in an item (so a response
    can be fed back) and ignored. `computed`: virtual fields that conditions,
    sorts and indexes may read (``start_or_expected``), `computed_index` their
    index flags. `export_extras`: dataset fields the kind writes besides its
    columns. `load` and `finish`: the kind's loading steps (see the fields).
    """

    name: str
    noun: str
    record: type
    unique: UniqueKey | None = None
    inputs: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    computed: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    computed_index: Mapping[str, int] = field(default_factory=dict)
    export_extras: Callable[[Any], dict[str, Any]] | None = None
    #: the kind's loader, ``load(builder, kind, items)``; None: its records are their columns
    #: (:func:`runfilter.loading.columns.load_records`)
    load: Callable[[Any, Kind, list[Any]], None] | None = None
    #: ``finish(builder, kind)``, run once the kind named `finish_after` is loaded: derivations that need
    #: records of a later kind (a pool's default queue)
    finish: Callable[[Any, Kind], None] | None = None
    finish_after: str | None = None
    #: the dataset lists the kind's loader reads, when they are not one list named like the kind
    #: (concurrency limits: ``concurrency_limits`` and ``global_concurrency_limits`` fill one table);
    #: its loader then gets ``{list: items}`` and `dump` writes its records back as those lists
    lists: tuple[str, ...] = ()
    #: ``dump(records)`` → ``{list: items}``: the export of a kind with :attr:`lists`
    dump: Callable[[list[Any]], dict[str, list[dict[str, Any]]]] | None = None
    #: every column, in record order (derived)
    columns: tuple[Column, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.columns = tuple(
            dataclasses.replace(f.metadata["column"], name=f.name)
            for f in dataclasses.fields(self.record)
            if "column" in f.metadata
        )
        undeclared = [f.name for f in dataclasses.fields(self.record) if "column" not in f.metadata]
        if undeclared:
            raise TypeError(f"{self.record.__name__}: fields without a column declaration: {undeclared}")

    @property
    def dataset_lists(self) -> tuple[str, ...]:
        """The dataset lists this kind is loaded from (its own name, unless it declares :attr:`lists`)."""
        return self.lists or (self.name,)

    @property
    def link_prefix(self) -> str:
        """How join links from this kind start: ``flow_run`` in ``flow_run.flow``."""
        return self.noun.replace(" ", "_")

    @property
    def item_fields(self) -> frozenset[str]:
        """Every field a dataset item of this kind may carry (columns, loader inputs, ignored response fields)."""
        return frozenset(c.name for c in self.columns if c.in_dataset) | self.inputs | self.ignored

    @property
    def readers(self) -> dict[str, Codec]:
        """The codec of each column a dataset item carries, by field name."""
        return {c.name: c.codec for c in self.columns if c.codec is not None}

    @property
    def defaults(self) -> dict[str, Any]:
        """The stored value of each dataset column an item leaves out."""
        return {c.name: c.default for c in self.columns if c.in_dataset}

    @property
    def references(self) -> tuple[Column, ...]:
        """The columns that reference a record."""
        return tuple(c for c in self.columns if c.ref is not None)

    def column(self, name: str) -> Column:
        """The column called `name`."""
        return next(c for c in self.columns if c.name == name)

    def part(self, name: str) -> Any:
        """The kind's module `name` in its folder (``selection``, ``endpoints``, ``strategies``), or None.

        A kind's folder holds its parts under fixed names
        (docs/architecture.md#adding-a-record-kind); the layers above find
        them here instead of in a registry of their own.
        """
        module = _PARTS.get((self.name, name))
        if module is None:
            package = self.record.__module__.rpartition(".")[0]
            try:
                module = importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                module = False
            _PARTS[(self.name, name)] = module
        return module or None

    def export(self, record: Any) -> dict[str, Any]:
        """`record` as a dataset item: every dataset column written back by its codec, plus the kind's extras."""
        out = {c.name: c.codec.write(getattr(record, c.name)) for c in self.columns if c.codec is not None}
        if self.export_extras is not None:
            out.update(self.export_extras(record))
        return out


#: (kind name, part name) → the imported module, or False where the kind has no such part
_PARTS: dict[tuple[str, str], Any] = {}


@dataclass(frozen=True)
class Link:
    """A join between two kinds, derived from a reference.

    To-one (``many=False``): ``field`` of the source record names a target
    record (``flow_run.deployment``). To-many: records of the target kind
    whose ``field`` names the source record (``flow_run.task_runs``).
    """

    source: str
    target: str
    field: str
    many: bool


def links_of(kinds: tuple[Kind, ...]) -> dict[str, Link]:
    """Every join link the kinds' references declare, by name (``flow_run.flow``, ``flow.flow_runs``)."""
    by_name = {kind.name: kind for kind in kinds}
    out: dict[str, Link] = {}
    for kind in kinds:
        for col in kind.references:
            ref = col.ref
            assert ref is not None
            if ref.link is not None:
                out[f"{kind.link_prefix}.{ref.link}"] = Link(kind.name, ref.target, col.name, many=False)
            if ref.reverse is not None:
                target = by_name[ref.target]
                out[f"{target.link_prefix}.{ref.reverse}"] = Link(ref.target, kind.name, col.name, many=True)
    return out


__all__ = [
    "CASCADE",
    "LOOKUP",
    "ORDERED",
    "RESTRICT",
    "SET_NULL",
    "Codec",
    "Column",
    "Kind",
    "Link",
    "Ref",
    "UniqueKey",
    "codecs",
    "column",
    "links_of",
]
