"""Copy what a Prefect server holds into a dataset (``runfilter snapshot``).

Every kind is read through Prefect's own query API, page by page (Prefect
answers at most 200 rows per request), in an order that pages are stable
in; the responses are the dataset's items as they are: runfilter and the
oracle accept the fields Prefect derives in responses and ignore them, so
what comes back loads as it was served. Reads go through a ``fetch``
function, so the same code reads a live server over HTTP
(:func:`http_fetch`) or any in-process app.

Adding a kind is one :class:`KindReader` in :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

#: ``fetch(method, path, body) -> (status, json)``: one request to the server's API (path without ``/api/``).
Fetch = Callable[[str, str, Any], tuple[int, Any]]
#: ``progress(kind, rows_so_far)``, called after each page.
Progress = Callable[[str, int], None]

#: Prefect's largest page (``PREFECT_API_DEFAULT_LIMIT``).
PAGE = 200


class ServerReadError(RuntimeError):
    """The server did not answer a read as Prefect does (status, shape, or rows changing while paged)."""


@dataclass(frozen=True)
class KindReader:
    """How one kind is read: its filter route, a sort that pages stably, the count route that checks it."""

    key: str
    path: str
    sort: str | None = None
    count_path: str | None = None
    #: the body's filter restricting the kind to what ``since`` keeps (None: the whole kind is read)
    since_filter: Callable[[str], dict[str, Any]] | None = None
    extra_body: dict[str, Any] = field(default_factory=dict)
    #: turns a response row into a dataset item, where the two differ
    to_item: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def _deployment_item(row: dict[str, Any]) -> dict[str, Any]:
    """A deployment's limit is shown as its ``global_concurrency_limit`` (``concurrency_limit`` is null in
    3.9.1's responses); a dataset gives it as ``concurrency_limit``, from which the limit row is made."""
    limit = row.get("global_concurrency_limit")
    if row.get("concurrency_limit") is None and isinstance(limit, dict) and limit.get("limit") is not None:
        return {**row, "concurrency_limit": limit["limit"]}
    return row


def _runs_since(instant: str) -> dict[str, Any]:
    return {"flow_runs": {"expected_start_time": {"after_": instant}}}


#: What a snapshot reads, in the order a dataset loads (a kind after the kinds it references).
READERS: tuple[KindReader, ...] = (
    KindReader("flows", "flows/filter", "NAME_ASC", "flows/count"),
    KindReader("work_pools", "work_pools/filter", None, "work_pools/count"),
    KindReader("work_queues", "work_queues/filter"),
    KindReader("deployments", "deployments/filter", "NAME_ASC", "deployments/count", to_item=_deployment_item),
    KindReader("flow_runs", "flow_runs/filter", "ID_DESC", "flow_runs/count", _runs_since),
    KindReader("task_runs", "task_runs/filter", "ID_DESC", "task_runs/count", _runs_since),
)


def read_server(fetch: Fetch, since: str | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Every record the server holds, as a dataset; `since` keeps the flow runs expected from that instant on
    (and their task runs). Raises :class:`ServerReadError`."""
    dataset: dict[str, Any] = {}
    for reader in READERS:
        body: dict[str, Any] = dict(reader.extra_body)
        if since is not None and reader.since_filter is not None:
            body.update(reader.since_filter(since))
        dataset[reader.key] = _read_all(fetch, reader, body, progress)
    if since is not None:
        _add_missing_parents(fetch, dataset)
    return dataset


def _add_missing_parents(fetch: Fetch, dataset: dict[str, Any]) -> None:
    """Read the parent task runs (and their flow runs) of subflow runs that `since` left out.

    A flow run's ``parent_task_run_id`` must exist in the dataset, as in
    Prefect's database; older parents are added until none is missing.
    """
    runs = {row["id"]: row for row in dataset["flow_runs"]}
    tasks = {row["id"]: row for row in dataset["task_runs"]}
    while True:
        parents = {r["parent_task_run_id"] for r in runs.values() if r.get("parent_task_run_id")} - set(tasks)
        for row in _by_ids(fetch, "task_runs/filter", "task_runs", parents):
            tasks[row["id"]] = row
        owners = {t["flow_run_id"] for t in tasks.values() if t.get("flow_run_id")} - set(runs)
        for row in _by_ids(fetch, "flow_runs/filter", "flow_runs", owners):
            runs[row["id"]] = row
        if not parents and not owners:
            break
    dataset["flow_runs"], dataset["task_runs"] = list(runs.values()), list(tasks.values())


def _by_ids(fetch: Fetch, path: str, key: str, ids: set[str]) -> list[Any]:
    found: list[Any] = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), PAGE):
        chunk = ordered[start : start + PAGE]
        found += _ok(fetch("POST", path, {key: {"id": {"any_": chunk}}, "limit": PAGE}), path)
    return found


def _read_all(fetch: Fetch, reader: KindReader, body: dict[str, Any], progress: Progress | None) -> list[Any]:
    rows: dict[str, Any] = {}
    offset = 0
    while True:
        page_body = {**body, "limit": PAGE, "offset": offset}
        if reader.sort is not None:
            page_body["sort"] = reader.sort
        page = _ok(fetch("POST", reader.path, page_body), reader.path)
        if not isinstance(page, list):
            raise ServerReadError(f"POST {reader.path}: expected a JSON list, got {type(page).__name__}")
        for row in page:
            rows.setdefault(row["id"], row if reader.to_item is None else reader.to_item(row))
        offset += len(page)
        if progress is not None:
            progress(reader.key, len(rows))
        if len(page) < PAGE:
            break
    if reader.count_path is not None:
        count = _ok(fetch("POST", reader.count_path, body), reader.count_path)
        if count != len(rows):
            raise ServerReadError(
                f"{reader.key}: read {len(rows)} distinct records but the server counts {count}; "
                "were they changing while being read?"
            )
    return list(rows.values())


def _ok(answer: tuple[int, Any], path: str) -> Any:
    status, payload = answer
    if status != 200:
        raise ServerReadError(f"POST {path}: HTTP {status}: {str(payload)[:300]}")
    return payload


def http_fetch(api_url: str, timeout: float = 60.0, headers: Iterable[tuple[str, str]] = ()) -> tuple[Fetch, Any]:
    """A :data:`Fetch` over HTTP to a Prefect API URL (``http://host:4200/api``), and the httpx client to close."""
    import httpx

    client = httpx.Client(base_url=api_url.rstrip("/") + "/", timeout=timeout, headers=dict(headers))

    def fetch(method: str, path: str, body: Any) -> tuple[int, Any]:
        try:
            response = client.request(method, path, json=body)
        except httpx.HTTPError as exc:
            raise ServerReadError(f"{method} {api_url.rstrip('/')}/{path}: {exc}") from None
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text

    return fetch, client


__all__ = ["PAGE", "READERS", "Fetch", "KindReader", "Progress", "ServerReadError", "http_fetch", "read_server"]
