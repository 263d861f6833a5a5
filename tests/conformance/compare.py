"""Compare a runfilter answer with Prefect's, under the corpus' comparison rules.

Only these things are loosened, each for a documented reason:

* timestamps are compared as instants (Prefect prints ``Z`` and microseconds
  only when non-zero; an equal instant printed differently is not a bug);
* history sums (``sum_estimated_run_time``, ``sum_estimated_lateness``) may
  differ by ``HISTORY_TOLERANCE`` seconds (SQLite's julianday arithmetic);
* rows that tie on the request's sort key are compared as a multiset per tie
  group, because Prefect leaves tie order to the database plan
  (docs/semantics.md#tie-order);
* orders Prefect leaves open outright are compared as multisets: the
  ``parents``/``children`` of a graph-v2 node (SQLite's ``json_group_array``
  over a join), the ``upstream_dependencies`` of a v1 graph entry (a Python
  set) and the queues of ``/deployments/{id}/work_queue_check`` (a SELECT
  without ORDER BY) (docs/semantics.md#run-graph, #queue-by-name), and the
  answer of ``/automations/related-to/{id}`` (a join without ORDER BY);
* automation triggers' ``expect``, ``after`` and ``for_each`` are Python sets
  that Prefect prints in string-hash order: compared sorted
  (docs/semantics.md#automations).

Everything else (status, keys, key order of objects is not checked, values,
row count, the order of tie groups) must be equal.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from typing import Any

HISTORY_TOLERANCE = 1e-3
_HISTORY_SUMS = {"sum_estimated_run_time", "sum_estimated_lateness"}


def _instant(value: Any) -> dt.datetime | None:
    """Parse `value` as an aware ISO timestamp, or None if it is not one."""
    if not isinstance(value, str) or len(value) < 19 or value[10] != "T":
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _canonical(value: Any) -> Any:
    """A hashable, order-insensitive-for-objects form used for multiset comparison."""
    if isinstance(value, dict):
        return ("__dict__", tuple(sorted((k, _canonical(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("__list__", tuple(_canonical(v) for v in value))
    instant = _instant(value)
    if instant is not None:
        return ("__time__", instant.timestamp(), instant.microsecond)
    return ("__scalar__", json.dumps(value, sort_keys=True))


def diff_values(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Structural differences between two JSON values (timestamps as instants)."""
    if isinstance(actual, str) and type(actual) is not str:  # a text answer (a CSV download) is a JSON string
        actual = str(actual)
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in expected.keys() | actual.keys():
            if key not in actual:
                out.append(f"{path}.{key}: missing (expected {expected[key]!r})")
            elif key not in expected:
                out.append(f"{path}.{key}: unexpected key (got {actual[key]!r})")
            elif key in _HISTORY_SUMS and _is_number(expected[key]) and _is_number(actual[key]):
                if not math.isclose(expected[key], actual[key], abs_tol=HISTORY_TOLERANCE):
                    out.append(f"{path}.{key}: expected {expected[key]!r}, got {actual[key]!r}")
            else:
                out.extend(diff_values(expected[key], actual[key], f"{path}.{key}"))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} items, got {len(actual)}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out.extend(diff_values(e, a, f"{path}[{i}]"))
        return out
    e_time, a_time = _instant(expected), _instant(actual)
    if e_time is not None and a_time is not None:
        return [] if e_time == a_time else [f"{path}: expected {expected!r}, got {actual!r}"]
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --------------------------------------------------------------------------- sort keys

_RUN_SORTS: dict[str, tuple[str, ...]] = {
    "ID_DESC": ("id",),
    "START_TIME_ASC": ("start_time|expected_start_time",),
    "START_TIME_DESC": ("start_time|expected_start_time",),
    "EXPECTED_START_TIME_ASC": ("expected_start_time",),
    "EXPECTED_START_TIME_DESC": ("expected_start_time",),
    "NAME_ASC": ("name",),
    "NAME_DESC": ("name",),
    "NEXT_SCHEDULED_START_TIME_ASC": ("next_scheduled_start_time",),
    "END_TIME_DESC": ("end_time",),
    "DURATION_ASC": ("estimated_run_time", "expected_start_time", "id"),
    "DURATION_DESC": ("estimated_run_time", "expected_start_time", "id"),
}
_NAMED_SORTS = {
    "CREATED_DESC": ("created",),
    "UPDATED_DESC": ("updated",),
    "NAME_ASC": ("name",),
    "NAME_DESC": ("name",),
}

_ARTIFACT_SORTS = {
    "CREATED_DESC": ("created",),
    "UPDATED_DESC": ("updated",),
    "ID_DESC": ("id",),
    "KEY_DESC": ("key",),
    "KEY_ASC": ("key",),
}


def sort_fields(endpoint: str, body: Any) -> tuple[str, ...] | None:
    """The row fields a list endpoint orders by (None: the response is not a row list)."""
    path = endpoint.strip("/").removeprefix("api/")
    sort = body.get("sort") if isinstance(body, dict) else None
    if path == "ui/flow_runs/history":  # rows of the run sorts, by default by expected start, newest first
        return _RUN_SORTS.get(sort or "EXPECTED_START_TIME_DESC")
    entity, _, action = path.rpartition("/")
    if action not in ("filter", "paginate"):
        return None
    if entity.startswith("flow_runs/") and entity.endswith("/input"):  # a run's inputs, oldest first
        return ("created",)
    if entity in ("flow_runs", "task_runs"):
        return _RUN_SORTS.get(sort or "ID_DESC")
    if entity in ("flows", "deployments", "variables", "automations"):
        return _NAMED_SORTS.get(sort or "NAME_ASC")
    if entity in ("work_pools", "work_queues", "saved_searches"):
        return ("name",)
    if entity == "logs":  # both LogSort options order by the timestamp alone
        return ("timestamp",)
    if entity in ("artifacts", "artifacts/latest"):
        return _ARTIFACT_SORTS.get(sort or "ID_DESC")
    if entity.startswith("work_pools/") and entity.endswith("/queues"):
        return ("priority",)
    if entity.startswith("work_pools/") and entity.endswith("/workers"):
        return ("last_heartbeat_time",)
    return None


def _row_key(row: dict, fields: tuple[str, ...], lookup: Callable[[str, str], Any]) -> tuple:
    key = []
    for spec in fields:
        value = None
        for field in spec.split("|"):  # "a|b" = coalesce(a, b)
            value = row[field] if field in row else lookup(row.get("id"), field)
            if value is not None:
                break
        key.append(_canonical(value))
    return tuple(key)


def _tie_groups(rows: list, fields: tuple[str, ...], lookup: Callable[[str, str], Any]) -> list[list]:
    groups: list[list] = []
    last = object()
    for row in rows:
        key = _row_key(row, fields, lookup)
        if key != last:
            groups.append([])
            last = key
        groups[-1].append(row)
    return groups


def diff_rows(
    expected: list, actual: list, fields: tuple[str, ...], lookup: Callable[[str, str], Any], path: str = "$"
) -> list[str]:
    """Compare row lists: tie groups (by `fields`) in order, each group as a multiset."""
    if len(expected) != len(actual):
        return [f"{path}: expected {len(expected)} rows, got {len(actual)}"]
    out: list[str] = []
    position = 0
    for group in _tie_groups(expected, fields, lookup):
        got = actual[position : position + len(group)]
        if len(group) == 1:
            out.extend(diff_values(group[0], got[0], f"{path}[{position}]"))
        elif sorted(map(_canonical, group)) != sorted(map(_canonical, got)):
            ids_e = sorted(str(r.get("id")) for r in group)
            ids_a = sorted(str(r.get("id")) for r in got)
            if ids_e != ids_a:
                out.append(f"{path}[{position}:{position + len(group)}]: tie group ids {ids_e}, got {ids_a}")
            else:
                by_id = {r.get("id"): r for r in got}
                for r in group:
                    out.extend(diff_values(r, by_id[r.get("id")], f"{path}[id={r.get('id')}]"))
        position += len(group)
    return out


def dataset_lookup(dataset: dict) -> Callable[[str, str], Any]:
    """Fallback for sort fields a response row leaves out (task-run paginate rows)."""
    by_id = {
        item.get("id"): item
        for items in dataset.values()
        if isinstance(items, list)
        for item in items
        if isinstance(item, dict)
    }
    return lambda record_id, field: by_id.get(record_id, {}).get(field)


def diff_answer(
    endpoint: str, body: Any, expected: dict, actual: dict, lookup: Callable[[str, str], Any] = lambda i, f: None
) -> list[str]:
    """Every difference between a recorded answer and ours; [] means they agree."""
    if expected["status"] != actual["status"]:
        return [
            f"status: expected {expected['status']}, got {actual['status']} "
            f"(expected body {json.dumps(expected['response'])[:300]}, "
            f"got {json.dumps(actual['response'])[:300]})"
        ]
    e, a = expected["response"], actual["response"]
    route = endpoint.split("?")[0].rstrip("/")
    if route.endswith("/graph-v2") and expected["status"] == 200:
        e, a = _edges_as_multisets(e), _edges_as_multisets(a)
    if route.endswith("/graph") and expected["status"] == 200:
        e, a = _dependencies_as_multisets(e), _dependencies_as_multisets(a)
    if route.startswith(("automations", "/automations", "api/automations", "/api/automations")):
        e, a = _trigger_sets_sorted(e), _trigger_sets_sorted(a)
        if "/related-to/" in route and isinstance(e, list) and isinstance(a, list):
            return diff_rows(e, a, (), lookup)  # no ORDER BY: the whole list is one tie group, a multiset
    if route.endswith("/work_queue_check") and isinstance(e, list) and isinstance(a, list):
        return diff_rows(e, a, (), lookup)  # no sort key: the whole list is one tie group, a multiset
    fields = sort_fields(endpoint, body) if expected["status"] == 200 else None
    if fields is None:
        return diff_values(e, a)
    if isinstance(e, dict) and "results" in e and isinstance(a, dict):
        out = diff_values(
            {k: v for k, v in e.items() if k != "results"}, {k: v for k, v in a.items() if k != "results"}
        )
        return out + diff_rows(e["results"], a.get("results", []), fields, lookup, "$.results")
    if isinstance(e, list) and isinstance(a, list):
        return diff_rows(e, a, fields, lookup)
    return diff_values(e, a)


def _edges_as_multisets(graph: Any) -> Any:
    """A flow-run graph with each node's ``parents`` and ``children`` sorted.

    Prefect builds them with SQLite's ``json_group_array`` over a join, whose
    order SQL leaves open (docs/semantics.md#run-graph): the lists are
    compared as multisets, repeats included.
    """
    if not isinstance(graph, dict) or not isinstance(graph.get("nodes"), list):
        return graph
    nodes = []
    for pair in graph["nodes"]:
        if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], dict):
            node = dict(pair[1])
            for key in ("parents", "children"):
                if isinstance(node.get(key), list):
                    node[key] = sorted(node[key], key=lambda edge: json.dumps(edge, sort_keys=True))
            pair = [pair[0], node]
        nodes.append(pair)
    return {**graph, "nodes": nodes}


def _dependencies_as_multisets(graph: Any) -> Any:
    """A v1 flow-run graph with each entry's ``upstream_dependencies`` sorted.

    Prefect collects them in a Python set of frozen models, whose iteration
    order depends on hashing and is left open (docs/semantics.md#run-graph):
    the lists are compared as multisets (they hold no repeats).
    """
    if not isinstance(graph, list):
        return graph
    entries = []
    for entry in graph:
        if isinstance(entry, dict) and isinstance(entry.get("upstream_dependencies"), list):
            entry = {
                **entry,
                "upstream_dependencies": sorted(
                    entry["upstream_dependencies"], key=lambda dependency: json.dumps(dependency, sort_keys=True)
                ),
            }
        entries.append(entry)
    return entries


_TRIGGER_SETS = ("expect", "after", "for_each")


def _trigger_sets_sorted(value: Any) -> Any:
    """An automation answer with every trigger's ``expect``, ``after`` and ``for_each`` sorted.

    They are sets in Prefect, printed in Python's string-hash order
    (docs/semantics.md#automations); nested triggers of compound and
    sequence triggers included.
    """
    if isinstance(value, list):
        return [_trigger_sets_sorted(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _trigger_sets_sorted(v) for k, v in value.items()}
    if out.get("type") == "event":
        for key in _TRIGGER_SETS:
            if isinstance(out.get(key), list) and all(isinstance(x, str) for x in out[key]):
                out[key] = sorted(out[key])
    return out
