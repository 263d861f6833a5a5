"""The artifact record (table ``artifact``): declared once, column by column (docs/semantics.md#artifacts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from ... import codecs
from ...codecs import Codec
from ...schema import LOOKUP, ORDERED, Ref, column

# Prefect's ArtifactKey check is ``re.match`` with ``$``, which also accepts one trailing newline
_KEY_PATTERN = re.compile(r"^[a-z0-9-]*$")
_METADATA = TypeAdapter(dict[str, str])
#: Prefect truncates a metadata value longer than this (and appends ``...``)
MAX_METADATA_VALUE = 500


def artifact_key(value: Any) -> str:
    """An artifact key as ``ArtifactCreate`` accepts it: lowercase letters, digits and dashes."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    if not _KEY_PATTERN.match(value):
        raise ValueError("Artifact key must only contain lowercase letters, numbers, and dashes.")
    return value


def truncated_metadata(value: Any) -> dict[str, str]:
    """``metadata_`` as ``ArtifactCreate`` keeps it: string → string, values over 500 characters cut.

    Reproduces Prefect's ``validate_max_metadata_length`` (the first 500
    characters plus ``...``; case ``k13_artifacts_reads/read-id-truncated-metadata``).
    """
    metadata = codecs.through_adapter(_METADATA, value)
    return {k: v if len(v) <= MAX_METADATA_VALUE else v[:MAX_METADATA_VALUE] + "..." for k, v in metadata.items()}


#: An artifact key.
ARTIFACT_KEY = Codec("artifact key", artifact_key)
#: Artifact metadata: a string → string object.
METADATA = Codec("artifact metadata", truncated_metadata, groupable=False)
#: Any JSON value (an artifact's ``data``).
JSON_VALUE = Codec("JSON value", lambda value: value, groupable=False)


@dataclass(slots=True, eq=False)
class Artifact:
    """An artifact (table ``artifact``); its run ids are plain columns, not foreign keys."""

    id: str = column(codecs.ID)
    seq: int = column()
    key: str | None = column(ARTIFACT_KEY, index=LOOKUP | ORDERED)
    type: str | None = column(codecs.TEXT, index=LOOKUP)
    description: str | None = column(codecs.TEXT)
    data: Any = column(JSON_VALUE)
    metadata_: dict[str, str] | None = column(METADATA)
    flow_run_id: str | None = column(codecs.ID, ref=Ref("flow_runs", None, link="flow_run"), index=LOOKUP)
    task_run_id: str | None = column(codecs.ID, ref=Ref("task_runs", None, link="task_run"), index=LOOKUP)
    created: int = column(codecs.TIME, index=ORDERED)
    updated: int = column(codecs.TIME, index=ORDERED)
