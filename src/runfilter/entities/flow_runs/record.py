"""The flow run record (table ``flow_run`` with its current-state columns): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ... import codecs
from ...schema import CASCADE, LOOKUP, SET_NULL, Ref, column
from ..runs.record import Run, RunPolicy


class FlowRunPolicy(RunPolicy):
    """Mirror of Prefect's ``FlowRunPolicy`` (flow run ``empirical_policy``)."""

    retry_delay: int | None = None
    pause_keys: list[str] | None = Field(default_factory=list)
    resuming: bool | None = False
    retry_type: Literal["in_process", "reschedule"] | None = None


#: The policy of a run whose dataset item gives none.
FLOW_RUN_POLICY_DEFAULT = FlowRunPolicy().model_dump(mode="json")
FLOW_RUN_POLICY = codecs.model_codec("flow run policy", FlowRunPolicy)


def start_or_expected(run: Any) -> int | None:
    """``coalesce(start_time, expected_start_time)``: what the ``start_time`` filter and START_TIME sorts read."""
    return run.start_time if run.start_time is not None else run.expected_start_time


@dataclass(slots=True, eq=False)
class FlowRun(Run):
    """A flow run (table ``flow_run`` with its denormalised current-state columns): the shared run
    columns (:class:`~runfilter.entities.runs.record.Run`), then these."""

    flow_id: str = column(
        codecs.ID, required=True, ref=Ref("flows", CASCADE, link="flow", reverse="flow_runs"), index=LOOKUP
    )
    #: not a foreign key in Prefect: never checked, may name no deployment
    deployment_id: str | None = column(
        codecs.ID, ref=Ref("deployments", None, link="deployment", reverse="flow_runs"), index=LOOKUP
    )
    work_queue_id: str | None = column(codecs.ID, ref=Ref("work_queues", SET_NULL, link="work_queue"), index=LOOKUP)
    #: the run's own copy of its queue's name (the loader copies it from the queue when not given)
    work_queue_name: str | None = column(codecs.TEXT, index=LOOKUP)
    parent_task_run_id: str | None = column(
        codecs.ID, ref=Ref("task_runs", SET_NULL, link="parent_task_run", reverse="subflow_runs"), index=LOOKUP
    )
    flow_version: str | None = column(codecs.TEXT, index=LOOKUP)
    deployment_version: str | None = column(codecs.TEXT)
    idempotency_key: str | None = column(codecs.TEXT, index=LOOKUP, groupable=False)
    created_by: dict[str, Any] | None = column(codecs.CREATED_BY, json_keys=("id", "type"))
    auto_scheduled: bool = column(codecs.FLAG, default=False)
    parameters: dict[str, Any] = column(codecs.JSON_OBJECT, default=codecs.EMPTY_OBJECT)
    context: dict[str, Any] = column(codecs.JSON_OBJECT, default=codecs.EMPTY_OBJECT)
    empirical_policy: dict[str, Any] = column(FLOW_RUN_POLICY, default=FLOW_RUN_POLICY_DEFAULT)
    infrastructure_pid: str | None = column(codecs.TEXT)
    job_variables: dict[str, Any] = column(codecs.JSON_OBJECT, default=codecs.EMPTY_OBJECT)
