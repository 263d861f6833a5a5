"""Whole datasets: every entity kind, valid references, unique keys, ties and NULLs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from ..entities.artifacts.strategies import artifacts
from ..entities.automations.strategies import automations
from ..entities.concurrency_limits_v2.strategies import NAMES as LIMIT_NAMES
from ..entities.concurrency_limits_v2.strategies import TAGS as LIMIT_TAGS
from ..entities.concurrency_limits_v2.strategies import global_limits, tag_limits
from ..entities.deployments.strategies import NAMES as DEPLOYMENT_NAMES
from ..entities.deployments.strategies import deployments
from ..entities.flow_run_inputs.strategies import KEYS as INPUT_KEYS
from ..entities.flow_run_inputs.strategies import flow_run_inputs
from ..entities.flow_runs.strategies import IDEMPOTENCY_KEYS, flow_runs
from ..entities.flows.strategies import NAMES as FLOW_NAMES
from ..entities.flows.strategies import flows
from ..entities.logs.strategies import logs
from ..entities.saved_searches.strategies import NAMES as SEARCH_NAMES
from ..entities.saved_searches.strategies import saved_searches
from ..entities.task_runs.strategies import task_runs
from ..entities.variables.strategies import NAMES as VARIABLE_NAMES
from ..entities.variables.strategies import variables
from ..entities.work_pools.strategies import NAMES as POOL_NAMES
from ..entities.work_pools.strategies import work_pools
from ..entities.work_queues.strategies import NAMES as QUEUE_NAMES
from ..entities.work_queues.strategies import work_queues
from ..entities.workers.strategies import NAMES as WORKER_NAMES
from ..entities.workers.strategies import workers


def _many(draw: st.DrawFn, min_size: int, max_size: int, average: int, make: Callable[[int], Any]) -> list[Any]:
    """Items ``make(0), make(1), ...`` drawn one after another, like ``st.lists``.

    Each item's choices are contiguous, so the shrinker can delete one item
    (and everything it drew) at once; ``make`` returns None when no item fits.
    """
    out: list[Any] = []
    while len(out) < max_size:
        if len(out) >= min_size and draw(st.integers(0, average)) == 0:  # 0 (= stop) is the shrink target
            break
        item = make(len(out))
        if item is None:
            break
        out.append(item)
    return out


def _fresh_name(draw: st.DrawFn, pool: tuple[str, ...], taken: set[Any], key: Any = None) -> str | None:
    free = [name for name in pool if (key, name) not in taken]
    if not free:
        return None
    name = draw(st.sampled_from(free))
    taken.add((key, name))
    return name


@st.composite
def datasets(
    draw: st.DrawFn,
    min_flows: int = 0,
    max_flows: int = 4,
    min_work_pools: int = 0,
    max_work_pools: int = 2,
    max_queues_per_pool: int = 3,
    max_workers: int = 3,
    max_deployments: int = 5,
    min_flow_runs: int = 0,
    max_flow_runs: int = 12,
    max_task_runs: int = 16,
    max_logs: int = 3,
    max_artifacts: int = 3,
    max_automations: int = 3,
    nulls: bool = True,
    orphans: bool = True,
    dangling: bool = True,
    subflows: bool = True,
    stateless: bool | None = None,
    max_states: int = 2,
    max_variables: int = 3,
    max_flow_run_inputs: int = 3,
    max_saved_searches: int = 2,
    max_concurrency_limits: int = 2,
    max_global_concurrency_limits: int = 2,
) -> dict[str, Any]:
    """A small, consistent dataset in the oracle's format (``flows``, ``work_pools``, ... ``automations``).

    Every reference is valid and every Prefect unique key holds (flow names,
    pool names, queue names per pool, deployment names per flow, idempotency
    keys per flow, task-run keys, variable and saved-search names, input keys per
    flow run); ids, names and ``created`` are explicit so
    pool names, queue names per pool, worker names per pool, deployment names per flow, idempotency
    keys per flow, task-run keys); ids, names and ``created`` are explicit so
    that Prefect and runfilter hold the same records. Names, tags, versions
    and times come from small pools on a coarse time grid, so ties, shared
    tags and exact bound hits are common.

    Switches: `nulls` (NULLs in nullable columns), `orphans` (task runs with
    no flow run), `dangling` (flow runs whose ``deployment_id`` names no
    deployment), `subflows` (flow runs with a ``parent_task_run_id``),
    `stateless` (runs with no state; they make history answer 500, so by
    default a rare whole-dataset choice, None = let Hypothesis choose),
    `max_states` (states a run may list before its current one, in ``states``).
    ``max_variables``, ``max_flow_run_inputs`` and ``max_saved_searches``
    bound the kinds no run filter reads; one switch draws all three or none.
    Concurrency limits (v1 tag limits, v2 global limits) have names unique
    across both lists and the deployments' limits.
    ``min_*`` keep some data in every example (flow runs need a flow).

    Shrinks toward the empty dataset ``{... : []}`` (or the minimum sizes),
    then toward fewer records of each kind, each as plain as possible.
    """
    if stateless is None:
        stateless = draw(st.integers(0, 9)) == 9
    # variables, inputs, saved searches or not: one switch, so shrinking drops all their draws at once
    with_extra_kinds = draw(st.booleans())
    names: set[Any] = set()

    def flow(i: int) -> dict[str, Any] | None:
        name = _fresh_name(draw, FLOW_NAMES, names, "flow")
        return None if name is None else draw(flows(i, name))

    flow_items = _many(draw, min_flows, max_flows, 3, flow)
    pools: list[dict[str, Any]] = []
    queues: list[dict[str, Any]] = []

    def pool(i: int) -> dict[str, Any] | None:
        name = _fresh_name(draw, POOL_NAMES, names, "pool")
        if name is None:
            return None
        item = draw(work_pools(i, name))

        def queue(j: int) -> dict[str, Any] | None:
            queue_name = _fresh_name(draw, QUEUE_NAMES, names, item["id"])
            return None if queue_name is None else draw(work_queues(item["id"], len(queues) + j, queue_name))

        own = _many(draw, 0, max_queues_per_pool, 2, queue)
        if own and draw(st.booleans()):
            item["default_queue_id"] = draw(st.sampled_from(own))["id"]
        queues.extend(own)
        return item

    pools = _many(draw, min_work_pools, max_work_pools, 2, pool)

    def worker(i: int) -> dict[str, Any] | None:
        owner = draw(st.sampled_from(pools))
        name = _fresh_name(draw, WORKER_NAMES, names, ("worker", owner["id"]))
        return None if name is None else draw(workers(owner, i, name))

    worker_items = _many(draw, 0, max_workers, 2, worker) if pools else []
    flow_ids = [f["id"] for f in flow_items]

    def deployment(i: int) -> dict[str, Any] | None:
        item = draw(deployments(flow_ids, queues, i))
        name = _fresh_name(draw, DEPLOYMENT_NAMES, names, item["flow_id"])
        if name is None:
            return None
        item["name"] = name
        return item

    deployment_items = _many(draw, 0, max_deployments, 3, deployment) if flow_ids else []
    keys: set[Any] = set()

    def flow_run(i: int) -> dict[str, Any]:
        run = draw(flow_runs(flow_ids, deployment_items, queues, i, nulls, stateless, dangling, max_states))
        if draw(st.booleans()):
            run["idempotency_key"] = _fresh_name(draw, IDEMPOTENCY_KEYS, keys, run["flow_id"])
        return run

    run_items = _many(draw, min_flow_runs, max_flow_runs, 8, flow_run) if flow_ids else []
    run_ids = [r["id"] for r in run_items]
    task_items: list[dict[str, Any]] = []
    if run_ids or orphans:
        task_items = _many(
            draw, 0, max_task_runs, 8, lambda i: draw(task_runs(run_ids, i, nulls, stateless, orphans, max_states))
        )
    if subflows and task_items and run_items:
        _assign_parents(draw, run_items, task_items)
    log_items = _many(draw, 0, max_logs, 2, lambda i: draw(logs(run_ids, task_items, i)))

    def variable(i: int) -> dict[str, Any] | None:
        name = _fresh_name(draw, VARIABLE_NAMES, names, "variable")
        return None if name is None else draw(variables(i, name))

    def run_input(i: int) -> dict[str, Any] | None:
        run_id = draw(st.sampled_from(run_ids))
        key = _fresh_name(draw, INPUT_KEYS, names, run_id)
        return None if key is None else draw(flow_run_inputs(run_id, i, key))

    def saved_search(i: int) -> dict[str, Any] | None:
        name = _fresh_name(draw, SEARCH_NAMES, names, "saved search")
        return None if name is None else draw(saved_searches(i, name))

    extra_kinds = {
        "variables": _many(draw, 0, max_variables, 2, variable) if with_extra_kinds else [],
        "flow_run_inputs": _many(draw, 0, max_flow_run_inputs, 2, run_input) if with_extra_kinds and run_ids else [],
        "saved_searches": _many(draw, 0, max_saved_searches, 2, saved_search) if with_extra_kinds else [],
    }
    task_ids = [t["id"] for t in task_items]
    artifact_items = _many(draw, 0, max_artifacts, 2, lambda i: draw(artifacts(run_ids, task_ids, i, nulls)))
    limit_names: set[Any] = set()

    def tag_limit(i: int) -> dict[str, Any] | None:
        # a tag limit is the row named tag:<tag>: it takes that name from the global limits' pool
        free = [tag for tag in LIMIT_TAGS if ("limit", "tag:" + tag) not in limit_names]
        if not free:
            return None
        tag = draw(st.sampled_from(free))
        limit_names.add(("limit", "tag:" + tag))
        return draw(tag_limits(i, tag))

    def global_limit(i: int) -> dict[str, Any] | None:
        name = _fresh_name(draw, LIMIT_NAMES, limit_names, "limit")
        return None if name is None else draw(global_limits(i, name))

    tag_limit_items = _many(draw, 0, max_concurrency_limits, 2, tag_limit)
    global_limit_items = _many(draw, 0, max_global_concurrency_limits, 2, global_limit)
    return {
        "flows": flow_items,
        "work_pools": pools,
        "work_queues": queues,
        "workers": worker_items,
        "deployments": deployment_items,
        "flow_runs": run_items,
        "task_runs": task_items,
        "logs": log_items,
        **extra_kinds,
        "artifacts": artifact_items,
        "concurrency_limits": tag_limit_items,
        "global_concurrency_limits": global_limit_items,
        "automations": _many(draw, 0, max_automations, 2, lambda i: draw(automations(i))),
    }


def _assign_parents(draw: st.DrawFn, run_items: list[dict[str, Any]], task_items: list[dict[str, Any]]) -> None:
    """Make some flow runs subflows: their parent task run belongs to another flow run."""
    for run in run_items:
        if draw(st.integers(0, 4)) != 4:
            continue
        candidates = [t["id"] for t in task_items if t["flow_run_id"] not in (None, run["id"])]
        if candidates:
            run["parent_task_run_id"] = draw(st.sampled_from(candidates))
