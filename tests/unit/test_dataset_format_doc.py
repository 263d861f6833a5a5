"""docs/dataset-format.md keeps up with the code: its example loads, every accepted field is listed, links resolve.

The field lists come from the kinds' declarations (``Kind.item_fields``: the
columns a dataset item carries, the loader's extra inputs and the ignored
response fields), and for the concurrency limits, whose kind is filled from
two dataset lists, from the fields each list's loader accepts. A field added
to a kind without a row in the doc's section of that kind fails here; so does
a row naming a field the kind does not accept.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from runfilter import Store
from runfilter.entities import DATASET_KEYS, KINDS
from runfilter.entities.concurrency_limits_v2.load import FIELDS as LIMIT_LIST_FIELDS

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "dataset-format.md"
SEMANTICS = ROOT / "docs" / "semantics.md"
NOW = "2026-11-01T00:00:00Z"

_EXAMPLE = re.compile(r"^<!-- example: dataset -->\n```json\n(.*?)^```$", re.M | re.S)
_HEADING = re.compile(r"^(#+) (.*)$")
_TABLE_ROW = re.compile(r"^\| ([^|]*?) \|")


def _text() -> str:
    return DOC.read_text()


def _slugs(text: str) -> set[str]:
    """GitHub's anchors for the headings of `text` (as tests/unit/test_docs.py derives them)."""
    out = set()
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif line.startswith("#") and not in_code:
            title = line.lstrip("#").strip().lower()
            out.add(re.sub(r"[^a-z0-9 _-]", "", title).replace(" ", "-"))
    return out


def _section(text: str, key: str) -> str:
    """The lines under the last heading whose first code span is `key` (a list's own subsection wins over a
    section of two lists), up to the next heading of its level or above."""
    lines, fenced = text.splitlines(), False
    for k, line in enumerate(lines):  # headings only outside code blocks
        if line.startswith("```"):
            fenced = not fenced
        if fenced or line.startswith("```"):
            lines[k] = ""
    starts = [
        (start, len(heading.group(1)))
        for start, heading in enumerate(_HEADING.match(line) for line in lines)
        if heading is not None and re.findall(r"`([^`]+)`", heading.group(2))[:1] == [key]
    ]
    assert starts, f"docs/dataset-format.md has no section headed `{key}`"
    start, level = starts[-1]
    end = start + 1
    while end < len(lines):
        other = _HEADING.match(lines[end])
        if other is not None and len(other.group(1)) <= level:
            break
        end += 1
    return "\n".join(lines[start + 1 : end])


def _field_rows(section: str) -> set[str]:
    """The field names in the first cells of the section's field tables (those whose header starts ``| field |``)."""
    names: set[str] = set()
    header: str | None = None  # the first header cell of the table the line is in
    for line in section.splitlines():
        row = _TABLE_ROW.match(line)
        if not line.startswith("|"):
            header = None
        elif header is None:
            header = row.group(1).strip() if row else ""
        elif header == "field" and row is not None:  # not the |---| line
            names.update(re.findall(r"`([^`]+)`", row.group(1)))
    return names


def _accepted_by_list() -> dict[str, frozenset[str]]:
    """The fields an item of each dataset list may carry, from the code."""
    out: dict[str, frozenset[str]] = {}
    for kind in KINDS:
        if kind.lists:
            for key in kind.lists:
                out[key] = LIMIT_LIST_FIELDS[key]
        else:
            out[kind.name] = kind.item_fields
    return out


ACCEPTED = _accepted_by_list()


def _example() -> dict:
    found = _EXAMPLE.findall(_text())
    assert len(found) == 1, "expected one ```json block marked <!-- example: dataset -->"
    return json.loads(found[0])


def test_every_dataset_list_has_its_accepted_fields() -> None:
    assert tuple(ACCEPTED) == DATASET_KEYS
    # the limits' declared columns are what a global (v2) item carries: the per-list fields cover them
    for kind in KINDS:
        if kind.lists:
            assert kind.item_fields <= frozenset().union(*(LIMIT_LIST_FIELDS[key] for key in kind.lists))


def test_the_example_loads_with_every_list() -> None:
    example = _example()
    assert list(example) == list(DATASET_KEYS), "the example lists every kind, in load order"
    empty = [key for key in DATASET_KEYS if not example[key]]
    assert not empty, f"empty lists in the example: {empty}"
    store = Store.from_dataset(example, now=NOW, seed=1)
    store.check()
    counts = store.counts()
    assert all(counts[kind.name] for kind in KINDS)
    again = Store.from_dataset(store.dump(), now=NOW)
    again.check()
    assert again.counts() == counts


def test_the_example_derives_what_the_doc_says() -> None:
    store = Store.from_dataset(_example(), now=NOW)
    dump = store.dump()
    pools = {pool["name"]: pool for pool in dump["work_pools"]}
    queues = {queue["id"]: queue for queue in dump["work_queues"]}
    assert pools["local"]["status"] == "READY" and pools["k8s"]["status"] == "PAUSED"
    assert queues[pools["local"]["default_queue_id"]]["name"] == "default"
    created = queues[pools["k8s"]["default_queue_id"]]
    assert (created["name"], created["work_pool_id"]) == ("default", pools["k8s"]["id"])
    assert [queue["priority"] for queue in dump["work_queues"]] == [1, 2, 1]
    assert [worker["status"] for worker in dump["workers"]] == ["ONLINE", "OFFLINE"]
    nightly = dump["flow_runs"][0]
    assert (nightly["start_time"], nightly["end_time"], nightly["total_run_time"]) == (
        "2026-10-30T02:00:02Z",
        "2026-10-30T02:10:02Z",
        600.0,
    )
    assert dump["flow_runs"][1]["state_name"] == "Running"
    assert [task_run["dynamic_key"] for task_run in dump["task_runs"]] == ["0", "0"]
    names = sorted(limit.name for limit in store.tables["concurrency_limits_v2"].values())
    assert names == ["api-rate", "deployment:00000000-0000-4000-8003-000000000001", "tag:database"]
    status, latest = store.request("/api/artifacts/latest/filter", {})
    assert status == 200 and [(a["key"], a["data"]) for a in latest] == [("etl-summary", "# 12 rows")]


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_every_accepted_field_has_a_row(key: str) -> None:
    rows = _field_rows(_section(_text(), key))
    missing = sorted(ACCEPTED[key] - rows)
    assert not missing, f"docs/dataset-format.md, section `{key}`: no row for {missing}"
    unknown = sorted(rows - ACCEPTED[key])
    assert not unknown, f"docs/dataset-format.md, section `{key}`: rows for fields the code does not accept: {unknown}"


def test_links_to_the_semantics_resolve() -> None:
    text = _text()
    anchors = re.findall(r"\]\((?:docs/)?semantics\.md#([a-z0-9_-]+)\)", text)
    assert anchors, "the doc links to docs/semantics.md"
    missing = sorted(set(anchors) - _slugs(SEMANTICS.read_text()))
    assert not missing, f"docs/semantics.md has no section(s) {missing}"


def test_links_within_the_doc_resolve() -> None:
    text = _text()
    missing = sorted(set(re.findall(r"\]\(#([a-z0-9_-]+)\)", text)) - _slugs(text))
    assert not missing, f"docs/dataset-format.md has no section(s) {missing}"
