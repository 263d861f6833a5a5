"""Loading logs: validated as Prefect's ``LogCreate``; ``created`` defaults to the log's ``timestamp``."""

from __future__ import annotations

from typing import Any

from ...loading.batch import BatchBuilder, default_stamps
from ...loading.columns import read_columns
from ...schema import Kind


def load_logs(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every log of the batch; run ids are not checked (no foreign keys: docs/semantics.md#logs)."""
    new = b.new[kind.name]
    for log_id, item in b.items(kind.name, raws):
        values = read_columns(b, kind, item)
        values["id"] = log_id
        created = values["created"] if values["created"] is not None else values["timestamp"]
        values["created"], values["updated"] = default_stamps(created, values["updated"], b.now)
        log = kind.record(seq=0, **values)
        log.seq = b.seq_for(kind.name, log_id)
        new[log_id] = log
