"""Code under test for test_user_style.py: reporting helpers written the way Prefect users write them.

Nothing here knows about runfilter: it only calls ``prefect.get_client()``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from prefect import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterTags,
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterExpectedStartTime,
    FlowRunFilterName,
    FlowRunFilterStartTime,
    FlowRunFilterState,
    FlowRunFilterStateType,
    TaskRunFilter,
    TaskRunFilterState,
    TaskRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.client.schemas.sorting import FlowRunSort, TaskRunSort


async def failed_runs_since(flow_name: str, since: dt.datetime) -> list[str]:
    """Names of the flow's failed or crashed runs started after `since`, newest first."""
    async with get_client() as client:
        runs = await client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.FAILED, StateType.CRASHED])),
                start_time=FlowRunFilterStartTime(after_=since),
            ),
            sort=FlowRunSort.START_TIME_DESC,
        )
    return [run.name for run in runs]


def overdue_runs_by_flow(now: dt.datetime) -> dict[str, int]:
    """How many runs of each flow are still scheduled although their expected start has passed."""
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
                expected_start_time=FlowRunFilterExpectedStartTime(before_=now),
            )
        )
        flows = {flow.id: flow.name for flow in client.read_flows()}
    return dict(Counter(flows[run.flow_id] for run in runs))


def failures_of_deployments_tagged(tag: str) -> int:
    """Failed or crashed runs of the deployments carrying `tag`."""
    failed = FlowRunFilterStateType(any_=[StateType.FAILED, StateType.CRASHED])
    with get_client(sync_client=True) as client:
        return client.count_flow_runs(
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=failed)),
            deployment_filter=DeploymentFilter(tags=DeploymentFilterTags(all_=[tag])),
        )


async def failing_tasks(flow_run_name: str) -> list[str]:
    """Task keys that failed in the named flow run, by expected start."""
    async with get_client() as client:
        tasks = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[flow_run_name])),
            task_run_filter=TaskRunFilter(
                state=TaskRunFilterState(type=TaskRunFilterStateType(any_=[StateType.FAILED]))
            ),
            sort=TaskRunSort.EXPECTED_START_TIME_ASC,
        )
    return [task.task_key for task in tasks]


async def queue_names(pool_name: str) -> list[str]:
    """The pool's work queues by priority."""
    async with get_client() as client:
        return [queue.name for queue in await client.read_work_queues(work_pool_name=pool_name)]
