"""Checking runfilter's benchmark answers against the naive engine and against Prefect.

runfilter and the naive engine order ties the same way (insertion order), so
their answers must be identical. Against Prefect the corpus' comparator
(``tests/conformance/compare.py``'s ``diff_answer``) is used; on top of it,
a row page whose *edge* tie groups hold different members is accepted when
every row Prefect returned is exactly runfilter's rendering of that record:
a page cut through a group of equal sort keys (``NAME_ASC`` over 625 names)
holds whichever members SQLite's plan yields first, which Prefect leaves
undefined (docs/semantics.md#tie-order).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "conformance"))

from compare import diff_answer, diff_values, sort_fields

MATCH = "match"
MATCH_EDGE_TIES = "match (edge tie groups differ in membership)"
MISMATCH = "MISMATCH"

Fetch = Callable[[str, list[str]], dict[str, Any]]


def check_against_naive(runfilter_answer: dict[str, Any], naive_answer: dict[str, Any], query: Any) -> list[str]:
    """Differences between runfilter's and the naive engine's answers; they must be identical."""
    if runfilter_answer == naive_answer:
        return []
    diffs = diff_answer(query.endpoint, query.body, naive_answer, runfilter_answer)
    return diffs or ["answers differ (order or JSON types) though the comparator finds no difference"]


def check_against_prefect(
    runfilter_answer: dict[str, Any], prefect_answer: dict[str, Any], query: Any, fetch: Fetch
) -> tuple[str, list[str]]:
    """Verdict and differences comparing runfilter's answer with Prefect's.

    `fetch(entity, ids)` returns runfilter's rendering of those records by id.
    """
    diffs = diff_answer(query.endpoint, query.body, prefect_answer, runfilter_answer)
    if not diffs:
        return MATCH, []
    fields = sort_fields(query.endpoint, query.body)
    if fields is None or prefect_answer["status"] != 200:
        return MISMATCH, diffs
    edge_diffs = _edge_tolerant_diff(query.endpoint, prefect_answer["response"], runfilter_answer["response"],
                                     fields, fetch)
    if edge_diffs:
        return MISMATCH, diffs
    return MATCH_EDGE_TIES, []


def _rows(payload: Any) -> list[dict[str, Any]]:
    return payload["results"] if isinstance(payload, dict) else payload


def _sort_value(row: dict[str, Any], spec: str) -> Any:
    value = None
    for field in spec.split("|"):  # "a|b" = coalesce(a, b)
        value = row.get(field)
        if value is not None:
            break
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def _groups(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> list[tuple[tuple, list[dict[str, Any]]]]:
    groups: list[tuple[tuple, list[dict[str, Any]]]] = []
    for row in rows:
        key = tuple(_sort_value(row, spec) for spec in fields)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
        else:
            groups.append((key, [row]))
    return groups


def _edge_tolerant_diff(
    endpoint: str, expected: Any, actual: Any, fields: tuple[str, ...], fetch: Fetch
) -> list[str]:
    """Differences left when the first and last tie groups may hold other members of their group."""
    out: list[str] = []
    if isinstance(expected, dict):
        out += diff_values({k: v for k, v in expected.items() if k != "results"},
                           {k: v for k, v in actual.items() if k != "results"})
    e_groups, a_groups = _groups(_rows(expected), fields), _groups(_rows(actual), fields)
    if [(k, len(g)) for k, g in e_groups] != [(k, len(g)) for k, g in a_groups]:
        return [*out, "tie groups differ in sort keys or sizes"]
    entity = endpoint.strip("/").removeprefix("api/").split("/")[0]
    for index, ((_, e_rows), (_, a_rows)) in enumerate(zip(e_groups, a_groups, strict=True)):
        a_by_id = {row["id"]: row for row in a_rows}
        if {row["id"] for row in e_rows} == a_by_id.keys():
            reference = a_by_id
        elif index in (0, len(e_groups) - 1):
            reference = fetch(entity, [row["id"] for row in e_rows])
        else:
            out.append(f"inner tie group {index} holds other records")
            continue
        for row in e_rows:
            if row["id"] not in reference:
                out.append(f"record {row['id']} returned by Prefect is unknown to runfilter")
            else:
                out += diff_values(row, reference[row["id"]], f"$[id={row['id']}]")
    return out
