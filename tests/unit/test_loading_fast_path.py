"""The loader's fast path for plain run items builds exactly what the general path builds.

`runfilter.loading.plain_runs` reads plain flow-run and task-run items in
straight-line code and leaves every other item to the general reader. These
tests load the same data with the fast path on and off and compare every slot
of every record, or the error raised.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import fields, is_dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from test_loading import FLOW, NOW, RUN, TASK, base  # the one-of-each dataset of the loading tests

from runfilter import DatasetError, Store
from runfilter.entities.runs import load as runs
from runfilter.loading import columns
from runfilter.strategies import datasets
from runfilter.synthetic import generate


def load(dataset: dict[str, Any], fast: bool, monkeypatch: pytest.MonkeyPatch, strict: bool = True) -> Any:
    """(records by kind, as tuples of every slot) or the error, loading with or without the fast path."""
    monkeypatch.setattr(runs, "USE_PLAIN_PATH", fast)
    store = Store(now=NOW, seed=7)
    try:
        store.load(copy.deepcopy(dataset), strict=strict)
    except DatasetError as exc:
        return ("error", str(exc))
    except Exception as exc:  # any other failure must be the same on both paths too
        return ("raised", type(exc).__name__, str(exc))
    return {kind: [slots(r) for r in table.values()] for kind, table in store.tables.items()}


def slots(record: Any) -> tuple:
    """Every slot of a record, nested records (state extras) included: records compare by identity."""
    return tuple(
        slots(value) if is_dataclass(value) else value for value in (getattr(record, f.name) for f in fields(record))
    )


def assert_same(dataset: dict[str, Any], monkeypatch: pytest.MonkeyPatch, strict: bool = True) -> Any:
    fast = load(dataset, True, monkeypatch, strict)
    general = load(dataset, False, monkeypatch, strict)
    assert fast == general
    return fast


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_datasets_load_the_same(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    result = assert_same(generate(300, seed=seed), monkeypatch)
    assert len(result["task_runs"]) > 500


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datasets())
def test_generated_datasets_load_the_same(monkeypatch: pytest.MonkeyPatch, dataset: dict[str, Any]) -> None:
    assert_same(dataset, monkeypatch)


class StrName(str):
    """A str subclass: the general path accepts it, the fast path declines it."""


# (kind, field, value): each is set on the base dataset's one flow run or task run
ODD_VALUES = [
    ("flow_runs", "id", RUN.upper()),
    ("flow_runs", "id", None),
    ("flow_runs", "name", ""),
    ("flow_runs", "name", None),
    ("flow_runs", "name", 5),
    ("flow_runs", "name", StrName("subclass")),
    ("flow_runs", "flow_id", None),
    ("flow_runs", "flow_id", FLOW.upper()),
    ("flow_runs", "flow_id", "00000000-0000-0000-0000-000000000999"),
    ("flow_runs", "work_queue_id", "00000000-0000-0000-0000-000000000999"),
    ("flow_runs", "work_queue_id", None),
    ("flow_runs", "work_queue_name", "explicit"),
    ("flow_runs", "deployment_id", "not-a-uuid"),
    ("flow_runs", "deployment_id", "00000000000000000000000000000999"),
    ("flow_runs", "parent_task_run_id", TASK),
    ("flow_runs", "state_type", "BOGUS"),
    ("flow_runs", "state_type", None),
    ("flow_runs", "state_type", ["COMPLETED"]),
    ("flow_runs", "state_name", "Custom"),
    ("flow_runs", "state_name", 3),
    ("flow_runs", "state_timestamp", "2026-01-01T05:00:00+02:00"),
    ("flow_runs", "state", {"type": "FAILED", "message": "boom"}),
    ("flow_runs", "state_id", "00000000-0000-0000-0000-00000000abcd"),
    ("flow_runs", "start_time", "2026-01-01T00:00:00"),
    ("flow_runs", "start_time", dt.datetime(2026, 1, 1, tzinfo=dt.UTC)),
    ("flow_runs", "start_time", "yesterday"),
    ("flow_runs", "start_time", 1700000000),
    ("flow_runs", "expected_start_time", ["2026-01-01T00:00:00Z"]),
    ("flow_runs", "created", "2025-12-31T23:00:00-01:00"),
    ("flow_runs", "total_run_time", 1.0000005),
    ("flow_runs", "total_run_time", "PT5S"),
    ("flow_runs", "total_run_time", float("nan")),
    ("flow_runs", "total_run_time", 1e20),
    ("flow_runs", "total_run_time", True),
    ("flow_runs", "run_count", True),
    ("flow_runs", "run_count", 2.0),
    ("flow_runs", "tags", "abc"),
    ("flow_runs", "tags", ["a", 1]),
    ("flow_runs", "tags", ["a", ["b"]]),
    ("flow_runs", "tags", ("a", "b")),
    ("flow_runs", "tags", []),
    ("flow_runs", "created_by", {"id": None, "type": "USER", "display_value": "me"}),
    ("flow_runs", "created_by", {"id": "x", "type": "USER"}),
    ("flow_runs", "created_by", {"type": "USER", "extra": 1}),
    ("flow_runs", "created_by", "me"),
    ("flow_runs", "auto_scheduled", 1),
    ("flow_runs", "auto_scheduled", True),
    ("flow_runs", "parameters", {}),
    ("flow_runs", "parameters", {"a": [1, {"b": None}]}),
    ("flow_runs", "parameters", "x"),
    ("flow_runs", "context", {"k": 1}),
    ("flow_runs", "job_variables", {"image": "python"}),
    ("flow_runs", "empirical_policy", {"retries": 2}),
    ("flow_runs", "empirical_policy", {"bogus": 2}),
    ("flow_runs", "labels", {"team": "data", "n": 1}),
    ("flow_runs", "labels", {"bad": [1]}),
    ("flow_runs", "idempotency_key", "k1"),
    ("flow_runs", "infrastructure_pid", 12),
    ("flow_runs", "infrastructure_document_id", "00000000-0000-0000-0000-00000000abcd"),
    ("flow_runs", "estimated_run_time", 12.5),
    ("flow_runs", "no_such_field", 1),
    ("task_runs", "id", None),
    ("task_runs", "name", None),
    ("task_runs", "name", ""),
    ("task_runs", "flow_run_id", None),
    ("task_runs", "flow_run_id", RUN.upper()),
    ("task_runs", "flow_run_id", "00000000-0000-0000-0000-000000000999"),
    ("task_runs", "task_key", ""),
    ("task_runs", "task_key", None),
    ("task_runs", "dynamic_key", None),
    ("task_runs", "dynamic_key", ""),
    ("task_runs", "dynamic_key", 0),
    ("task_runs", "cache_key", "c"),
    ("task_runs", "cache_expiration", "2026-02-01T00:00:00Z"),
    ("task_runs", "cache_expiration", "soon"),
    ("task_runs", "task_version", "1.2"),
    ("task_runs", "flow_run_run_count", 3),
    ("task_runs", "flow_run_run_count", "3"),
    ("task_runs", "state_type", "RUNNING"),
    ("task_runs", "state_name", "Orphan name"),
    ("task_runs", "empirical_policy", {"retries": 1}),
    ("task_runs", "task_inputs", {"x": [{"input_type": "parameter", "name": "p"}]}),
    ("task_runs", "task_inputs", {"x": "bad"}),
    ("task_runs", "labels", {"a": "b"}),
    ("task_runs", "state", {"type": "COMPLETED"}),
]


@pytest.mark.parametrize(("kind", "field", "value"), ODD_VALUES, ids=lambda v: repr(v)[:40])
def test_odd_values_load_the_same(kind: str, field: str, value: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = base()
    dataset[kind][0][field] = value
    assert_same(dataset, monkeypatch)
    assert_same(dataset, monkeypatch, strict=False)


def test_key_conflicts_and_counters_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = base()
    twin = {**dataset["flow_runs"][0], "id": "00000000-0000-0000-0000-0000000000c2", "name": "r2"}
    dataset["flow_runs"].append(twin)
    # unkeyed repeats of one task are numbered 0, 1, ...; an explicit key may then collide
    dataset["task_runs"] = [
        {"id": f"00000000-0000-0000-0000-0000000000e{i}", "name": "t", "flow_run_id": RUN} for i in range(1, 4)
    ]
    assert_same(dataset, monkeypatch)
    dataset["task_runs"].append(
        {"id": "00000000-0000-0000-0000-0000000000e9", "name": "t", "flow_run_id": RUN, "dynamic_key": "1"}
    )
    assert assert_same(dataset, monkeypatch)[0] == "error"
    dataset = base()
    dataset["flow_runs"][0]["idempotency_key"] = "k"
    dataset["flow_runs"].append({**dataset["flow_runs"][0], "id": "00000000-0000-0000-0000-0000000000c2"})
    assert assert_same(dataset, monkeypatch)[0] == "error"


def test_missing_ids_and_names_draw_the_same_random_values(monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = base()
    plain = dict(dataset["task_runs"][0])
    dataset["task_runs"] = [
        {**plain, "id": None, "name": None, "dynamic_key": "a"},
        {**plain, "id": None, "dynamic_key": "b"},
        {**plain, "name": None, "id": "00000000-0000-0000-0000-0000000000e7", "dynamic_key": "c"},
    ]
    dataset["flow_runs"][0]["name"] = None
    assert_same(dataset, monkeypatch)


def test_upserts_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    def upserted(fast: bool) -> list[tuple]:
        monkeypatch.setattr(runs, "USE_PLAIN_PATH", fast)
        store = Store.from_dataset(base(), now=NOW)
        change = base()
        change["flow_runs"][0]["name"] = "renamed"
        change["task_runs"][0]["dynamic_key"] = None
        store.upsert(change)
        return [slots(r) for t in store.tables.values() for r in t.values()]

    assert upserted(True) == upserted(False)


def test_plain_items_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # the comparisons above compare two different code paths only if plain items really skip the general reader
    general_reads: list[str] = []
    real = columns.present_fields

    def counting(item: Any, *args: Any) -> Any:
        if item.where.startswith(("flow_runs[", "task_runs[")):  # every other kind has the general reader only
            general_reads.append(item.where)
        return real(item, *args)

    monkeypatch.setattr(columns, "present_fields", counting)
    dataset = generate(200, seed=4)
    Store.from_dataset(dataset, now=NOW)
    assert general_reads == []
    dataset["task_runs"][5]["tags"] = "not a list"
    with pytest.raises(DatasetError, match=r"task_runs\[5\]\.tags"):
        Store.from_dataset(dataset, now=NOW)
    assert general_reads == ["task_runs[5]"]
