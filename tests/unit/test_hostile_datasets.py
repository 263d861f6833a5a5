"""Hostile field values in a dataset are a DatasetError naming the item and field, never another exception,
and nothing Prefect refuses to store is accepted (then failing every later read or dump)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from runfilter import DatasetError, Store

DOC = (Path(__file__).resolve().parents[2] / "docs" / "dataset-format.md").read_text()
BASE = json.loads(re.search(r"<!-- example: dataset -->\n```json\n(.*?)```", DOC, re.S).group(1))
HOSTILE = [
    {"a": 1},
    [1, 2],
    ["x"],
    10**30,
    -1,
    1.5,
    True,
    "",
    None,
    "0001-01-01T00:00:00+01:00",  # before year 1 once in UTC
    "9999-12-31T23:59:59-01:00",  # after year 9999 once in UTC
    "x" * 10,
]
READS = ("flow_runs/filter", "task_runs/filter", "logs/filter", "artifacts/filter", "work_pools/filter",
         "automations/filter", "variables/filter", "deployments/filter", "work_queues/filter")


@pytest.mark.parametrize("kind", sorted(k for k, items in BASE.items() if items))
def test_every_field_of_every_kind_takes_hostile_values_safely(kind: str) -> None:
    for field in BASE[kind][0]:
        for value in HOSTILE:
            dataset = json.loads(json.dumps(BASE))
            dataset[kind][0][field] = value
            try:
                store = Store.from_dataset(dataset, now="2026-11-01T00:00:00Z")
            except DatasetError:  # on this item, or on one whose reference the change broke (an id)
                continue
            store.dump()  # what was accepted can be written back and read
            for path in READS:
                assert store.request(path, {})[0] == 200, (kind, field, value, path)


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_instants_outside_the_years_prefect_stores_are_refused(stamp: str) -> None:
    dataset = json.loads(json.dumps(BASE))
    dataset["task_runs"][0]["start_time"] = stamp
    with pytest.raises(DatasetError, match=r"task_runs\[0\]\.start_time: .*outside years 1-9999"):
        Store.from_dataset(dataset, now="2026-11-01T00:00:00Z")
