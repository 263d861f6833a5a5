"""Export a store back to the dataset format: what was built here replays on a real Prefect server.

:func:`dump_dataset` writes every record as its kind declares (each dataset
column through its codec, plus the kind's export extras: a run's ``state``
object, a deployment's ``concurrency_limit``), derived values made explicit
(state ids, names, timestamps, queue names), so that
``Store.from_dataset(dump)`` — or the oracle, or Prefect itself through its
API — holds the same data.
"""

from __future__ import annotations

from typing import Any

from .entities import KINDS


def dump_dataset(tables: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every record of `tables` in the dataset format, in insertion order (a kind without a table: none)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        records = sorted(tables.get(kind.name, {}).values(), key=lambda r: r.seq)
        if kind.dump is not None:  # a kind loaded from several lists writes them itself
            out.update(kind.dump(records))
        else:
            out[kind.name] = [kind.export(r) for r in records]
    return out
