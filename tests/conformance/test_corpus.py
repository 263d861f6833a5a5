"""Replay every recorded conformance case through runfilter and compare with Prefect's answer.

One test per case (``cases/NAME.json`` × case id), run against both engines:
the planned engine (what users get) and the naive full-scan reference. The
comparison rules are in ``compare.py``; nothing else is loosened.
"""

from __future__ import annotations

import functools

import pytest
from compare import dataset_lookup, diff_answer
from corpus import case_file_names, load_case_file, load_expected

from runfilter import Store
from runfilter.naive import naive_request

ENGINES = {
    "planned": lambda store, case: store.request(case["endpoint"], case.get("body", {}), case.get("method", "POST")),
    "naive": lambda store, case: naive_request(
        store, case["endpoint"], case.get("body", {}), case.get("method", "POST")
    ),
}


@functools.cache
def _suite(name: str):
    suite = load_case_file(name)
    store = Store.from_dataset(suite.dataset, now=suite.now, seed=0)
    return suite, store, load_expected(name), dataset_lookup(suite.dataset)


def _cases() -> list:
    params = []
    for name in case_file_names():
        for case in load_case_file(name).cases:
            params.append(pytest.param(name, case["id"], id=f"{name}:{case['id']}"))
    return params


CASES = _cases()


def test_corpus_is_large_enough() -> None:
    """The issue asks for at least 400 + 300 recorded cases; a shrinking corpus is a regression."""
    assert len(CASES) >= 700


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
