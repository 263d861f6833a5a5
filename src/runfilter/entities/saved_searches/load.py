"""Loading saved searches: ``filters`` may be left out (``[]``) but not null, as ``SavedSearchCreate`` says."""

from __future__ import annotations

from typing import Any

from ...errors import DatasetError
from ...loading.batch import BatchBuilder
from ...loading.columns import load_records
from ...schema import Kind


def load_saved_searches(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every saved search as Prefect's ``SavedSearchCreate`` does, then load it as its columns."""
    for index, raw in enumerate(raws):
        if not isinstance(raw, dict):
            break  # the column loader names the bad entry first
        if "filters" in raw and raw["filters"] is None:
            raise DatasetError(f"{kind.name}[{index}].filters", "Input should be a valid list")
    load_records(b, kind, raws)
