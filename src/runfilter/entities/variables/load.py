"""Loading variables: ``value`` must be given (null is a value), ``tags`` must not be null."""

from __future__ import annotations

from typing import Any

from ...errors import DatasetError
from ...loading.batch import BatchBuilder
from ...loading.columns import load_records
from ...schema import Kind


def load_variables(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every variable as Prefect's ``VariableCreate`` does, then load it as its columns."""
    for index, raw in enumerate(raws):
        if not isinstance(raw, dict):
            break  # the column loader names the bad entry first
        # VariableCreate: `value` has no default but may be null; `tags` defaults to [] and refuses null
        if "value" not in raw:
            raise DatasetError(f"{kind.name}[{index}].value", "required (null is a value)")
        if "tags" in raw and raw["tags"] is None:
            raise DatasetError(f"{kind.name}[{index}].tags", "tags must be a list of strings, got None")
    load_records(b, kind, raws)
