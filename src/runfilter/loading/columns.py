"""Reading a dataset item's columns through their codecs, and the loader of kinds that derive nothing.

:func:`present_fields` is the general reader every kind uses: one pass over
the fields an item actually has, each through its column's codec (the three
commonest conversions inlined: they are most of a load's time), errors
naming the field. :func:`load_records` is a whole loader for a kind whose
records are their columns plus insertion order and ``created``/``updated``
defaults (flows; new kinds start here).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from .. import codecs
from ..codecs import Codec
from ..errors import DatasetError
from ..schema import Kind
from .batch import BatchBuilder, Item, default_stamps

_TIME, _TEXT, _ID = "time", "text", "id"
_INLINED = {codecs.TIME: _TIME, codecs.TEXT: _TEXT, codecs.ID: _ID}


def converters(fields: Mapping[str, Codec]) -> dict[str, Any]:
    """What :func:`present_fields` takes for these codecs by field: the codec's reader, or an inlined kind."""
    return {name: _INLINED.get(codec, codec.read) for name, codec in fields.items()}


def present_fields(item: Item, readers: Mapping[str, Any], times: dict[str, int]) -> dict[str, Any]:
    """Converted values of the item's non-null fields that have a reader; errors name the field.

    `readers` comes from :func:`converters`. `times` memoises timestamp
    strings: a run's ``created``, ``updated`` and expected start are often
    the same string.
    """
    out = {}
    for key, value in item.raw.items():
        if value is None:
            continue
        convert = readers.get(key)
        if convert is None:
            continue
        try:
            if convert is _TIME:
                parsed = times.get(value) if type(value) is str else None
                if parsed is None:
                    parsed = codecs.TIME.read(value)
                    if type(value) is str:
                        times[value] = parsed
                out[key] = parsed
            elif convert is _TEXT:
                # interned: names, task keys, versions repeat across thousands of runs
                out[key] = sys.intern(value) if type(value) is str else codecs.optional_str(value)
            elif convert is _ID:
                out[key] = codecs.uuid_text(value)
            else:
                out[key] = convert(value)
        except ValueError as exc:
            raise DatasetError(f"{item.where}.{key}", str(exc)) from None
    return out


_READERS: dict[Kind, dict[str, Any]] = {}


def read_columns(b: BatchBuilder, kind: Kind, item: Item) -> dict[str, Any]:
    """Every dataset column of `item`: converted, checked for presence where required, defaults filled in."""
    readers = _READERS.get(kind)
    if readers is None:
        readers = _READERS[kind] = converters(kind.readers)
    values = {**kind.defaults, **present_fields(item, readers, b.times)}
    for col in kind.columns:
        if col.required and values.get(col.name) is None:
            raise DatasetError(f"{item.where}.{col.name}", "required")
    return values


def load_records(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Load the items of a kind whose records are their columns: references checked, unique key claimed,
    ``created`` defaulting to the batch's clock and ``updated`` to ``created``."""
    key_of = kind.unique.key_of() if kind.unique is not None else None
    new = b.new[kind.name]
    for record_id, item in b.items(kind.name, raws):
        values = read_columns(b, kind, item)
        b.check_refs(item, kind, values)
        values["id"] = record_id
        values["created"], values["updated"] = default_stamps(values["created"], values["updated"], b.now)
        record = kind.record(seq=0, **values)
        if key_of is not None:
            b.claim_unique(kind.name, key_of(record), record_id, item.index)  # type: ignore[arg-type]
        record.seq = b.seq_for(kind.name, record_id)
        new[record_id] = record
