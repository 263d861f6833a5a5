"""The benchmark query mix (a)–(h) and the performance targets of the issue.

Bodies are the anchor queries Prefect's own speed was measured with, parameterised
from the dataset (the id of query (c) is the middle flow run's). Stdlib only: the
Prefect timing script imports this module under the oracle's venv.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Start of the history window of query (g): the first day of the generator's 30-day window.
HISTORY_START = "2026-10-01T00:00:00Z"
HISTORY_END = "2026-10-31T00:00:00Z"

#: Minimum speed-ups every query must reach.
MIN_SPEEDUP_VS_NAIVE = 10.0
MIN_SPEEDUP_VS_PREFECT = 20.0
#: Budgets outside the query mix.
MAX_TIME_TO_FIRST_QUERY_S = 1.0
MIN_LOAD_RECORDS_PER_S = 100_000
MAX_PEAK_RSS_MB = 1200.0
#: The size the peak-RSS budget is stated for (100k flow runs, ~460k task runs).
PEAK_RSS_TARGET_RUNS = 100_000


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix: a short key, a label, the endpoint, the body and its latency budget."""

    key: str
    label: str
    endpoint: str
    body: dict[str, Any]
    budget_ms: float | None  # None: the issue sets no absolute budget, only the speed-ups

    def to_json(self) -> dict[str, Any]:
        """The query as plain JSON (what the Prefect timing script reads)."""
        return {"key": self.key, "label": self.label, "endpoint": self.endpoint, "body": self.body}


def _tags_body(tags: list[str]) -> dict[str, Any]:
    return {"flow_runs": {"tags": {"all_": tags}}, "sort": "EXPECTED_START_TIME_DESC", "limit": 200}


_ETL_ACTIVE = {"flows": {"name": {"like_": "etl"}}, "deployments": {"paused": {"eq_": False}}}


def first_query() -> BenchQuery:
    """The query of the time-to-first-query probe: (d), a filter whose rows are rendered."""
    return BenchQuery("d", "filter tags all_ [tag-00, tag-01] sorted", "flow_runs/filter",
                      _tags_body(["tag-00", "tag-01"]), 5.0)


def query_mix(dataset: dict[str, Any]) -> list[BenchQuery]:
    """Queries (a)–(h) of the benchmark, in report order, for `dataset`."""
    runs = dataset["flow_runs"]
    middle_id = runs[len(runs) // 2]["id"]
    completed = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}
    history = {"history_start": HISTORY_START, "history_end": HISTORY_END, "history_interval_seconds": 86400}
    failed_parent = {"flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}}
    page_3 = {"page": 3, "limit": 50, "sort": "NAME_ASC"}
    rows = [
        ("a", "flow_runs/count {}", "flow_runs/count", {}, 1.0),
        ("b", "count state.type any_ [COMPLETED]", "flow_runs/count", completed, 1.0),
        ("c", "filter id any_ [middle run]", "flow_runs/filter", {"flow_runs": {"id": {"any_": [middle_id]}}}, 5.0),
        ("d2", "as (d), rare tags [tag-27, tag-29]", "flow_runs/filter", _tags_body(["tag-27", "tag-29"]), 5.0),
        ("e", "filter flows.name like_ etl + deployments.paused", "flow_runs/filter", dict(_ETL_ACTIVE), 5.0),
        ("e2", "count of (e)", "flow_runs/count", dict(_ETL_ACTIVE), None),
        ("f", "paginate page 3, limit 50, NAME_ASC", "flow_runs/paginate", page_3, 5.0),
        ("g", "history 30 days x 1 day", "flow_runs/history", history, 30.0),
        ("h", "task_runs/count flow_runs.state FAILED", "task_runs/count", failed_parent, 1.0),
    ]
    queries = [BenchQuery(*row) for row in rows]
    queries.insert(3, first_query())
    return queries
