"""The conformance corpus: case files, shared datasets and recorded answers.

Layout (all JSON, language-neutral, like jmespath's compliance suite)::

    datasets/NAME.json   a dataset in the oracle's format, shared by case files
    cases/NAME.json      {"description", "now"?, "dataset": NAME | {...}, "cases": [...]}
    expected/NAME.json   {"prefect", "now", "results": [{"id", "status", "response"}]}

A case is ``{"id": "unique-in-file", "endpoint": "flow_runs/filter", "body": {...},
"note": "why this case exists"}``; a missing ``body`` is sent as ``{}`` (GET
requests send none). Optional keys: ``method`` (default POST), ``params``
(query parameters) and ``headers`` (e.g. a Prefect client's ``User-Agent``).

Cases of a file are independent reads unless the file says ``"sequence":
true``: then they run in order on one fresh store, later cases seeing the
effects of earlier ones (polls that mark queues ready), and with
``"clock_step": S`` case i runs at ``now + i*S`` (the oracle's
``--clock-step``).
``expected/`` is written by ``record.py`` from a real Prefect server and never
edited by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
DATASETS_DIR = HERE / "datasets"
EXPECTED_DIR = HERE / "expected"

#: The frozen clock used when a case file does not name its own.
DEFAULT_NOW = "2026-11-01T00:00:00Z"


@dataclass
class CaseFile:
    """One case file with its dataset resolved."""

    name: str
    description: str
    now: str
    dataset: dict[str, Any]
    cases: list[dict[str, Any]]
    #: cases run in order on one store, each seeing the effects of the ones before
    sequence: bool = False
    #: seconds the clock moves per case (case i runs at ``now + i * clock_step``)
    clock_step: float = 0.0


def load_case_file(name: str) -> CaseFile:
    """Read ``cases/NAME.json``, resolve its dataset and check case ids are unique."""
    raw = json.loads((CASES_DIR / f"{name}.json").read_text())
    dataset = raw["dataset"]
    if isinstance(dataset, str):
        dataset = json.loads((DATASETS_DIR / f"{dataset}.json").read_text())
    ids = [case["id"] for case in raw["cases"]]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"cases/{name}.json: duplicate case ids {sorted(duplicates)}")
    return CaseFile(
        name,
        raw.get("description", ""),
        raw.get("now", DEFAULT_NOW),
        dataset,
        raw["cases"],
        bool(raw.get("sequence", False)),
        float(raw.get("clock_step", 0.0)),
    )


def case_file_names() -> list[str]:
    """Names of every case file, sorted."""
    return sorted(p.stem for p in CASES_DIR.glob("*.json"))


def load_expected(name: str) -> dict[str, Any]:
    """The recorded answers of ``cases/NAME.json`` keyed by case id."""
    raw = json.loads((EXPECTED_DIR / f"{name}.json").read_text())
    return {r["id"]: r for r in raw["results"]}
