"""Replay every recorded conformance case through runfilter and compare with Prefect's answer.

One test per case (``cases/NAME.json`` × case id), run against both engines:
the planned engine (what users get) and the naive full-scan reference. A
*sequence* file (polls whose side effects later cases read) is one test per
engine: its cases run in order on a fresh store, the clock moved as the
oracle moved it. The comparison rules are in ``compare.py``; nothing else
is loosened.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest
from compare import dataset_lookup, diff_answer
from corpus import case_file_names, load_case_file, load_expected

from runfilter import Store
from runfilter.naive import naive_request
from runfilter.timeutil import parse_dataset_time, to_us


def _args(case: dict[str, Any]) -> tuple[Any, ...]:
    return (case["endpoint"], case.get("body", {}), case.get("method", "POST"), case.get("params"), case.get("headers"))


ENGINES = {
    "planned": lambda store, case: store.request(*_args(case)),
    "naive": lambda store, case: naive_request(store, *_args(case)),
}


@functools.cache
def _suite(name: str):
    suite = load_case_file(name)
    store = Store.from_dataset(suite.dataset, now=suite.now, seed=0)
    return suite, store, load_expected(name), dataset_lookup(suite.dataset)


def _cases() -> tuple[list, list]:
    cases, sequences = [], []
    for name in case_file_names():
        suite = load_case_file(name)
        if suite.sequence:
            sequences.append(pytest.param(name, id=name))
            continue
        for case in suite.cases:
            cases.append(pytest.param(name, case["id"], id=f"{name}:{case['id']}"))
    return cases, sequences


CASES, SEQUENCES = _cases()


def test_corpus_is_large_enough() -> None:
    """The issue asks for at least 400 + 300 recorded cases; a shrinking corpus is a regression."""
    assert len(CASES) >= 700
    assert SEQUENCES, "the polling sequences are part of the corpus"


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(("name", "case_id"), CASES)
def test_case_matches_prefect(name: str, case_id: str, engine: str) -> None:
    suite, store, expected, lookup = _suite(name)
    case = next(c for c in suite.cases if c["id"] == case_id)
    status, payload = ENGINES[engine](store, case)
    diffs = diff_answer(
        case["endpoint"], case.get("body", {}), expected[case_id], {"status": status, "response": payload}, lookup
    )
    assert not diffs, f"{name}:{case_id} ({case.get('note', '')})\n" + "\n".join(diffs[:20])


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("name", SEQUENCES)
def test_sequence_matches_prefect(name: str, engine: str) -> None:
    """Every case of a sequence file, in order on one fresh store; case i at ``now + i * clock_step``."""
    suite = load_case_file(name)
    expected = load_expected(name)
    store = Store.from_dataset(suite.dataset, now=suite.now, seed=0)
    lookup = dataset_lookup(suite.dataset)
    start = parse_dataset_time(suite.now)
    failures = []
    for index, case in enumerate(suite.cases):
        instant = start + round(index * suite.clock_step * 1_000_000)
        store.set_now(dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=instant))
        status, payload = ENGINES[engine](store, case)
        diffs = diff_answer(
            case["endpoint"],
            case.get("body", {}),
            expected[case["id"]],
            {"status": status, "response": payload},
            lookup,
        )
        if diffs:
            failures.append(f"{name}:{case['id']} ({case.get('note', '')})\n" + "\n".join(diffs[:10]))
    assert not failures, "\n\n".join(failures[:5])
    assert to_us(dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) == 0
