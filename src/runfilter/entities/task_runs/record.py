"""The task run record (table ``task_run`` with its current-state columns): declared once, column by column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from pydantic import TypeAdapter

from ... import codecs
from ...codecs import Codec, IgnoringModel
from ...schema import CASCADE, LOOKUP, Ref, column
from ..runs.record import Run, RunPolicy


class TaskRunPolicy(RunPolicy):
    """Mirror of Prefect's ``TaskRunPolicy`` (task run ``empirical_policy``)."""

    retry_delay: int | float | list[int] | list[float] | None = None
    retry_jitter_factor: float | None = None


#: The policy of a task run whose dataset item gives none.
TASK_RUN_POLICY_DEFAULT = TaskRunPolicy().model_dump(mode="json")
TASK_RUN_POLICY = codecs.model_codec("task run policy", TaskRunPolicy)


class _RunResult(IgnoringModel):
    """Mirror of Prefect's ``TaskRunResult`` and ``FlowRunResult`` inputs: the result of another run."""

    input_type: Literal["task_run", "flow_run"] = "task_run"
    id: UUID


class _Parameter(IgnoringModel):
    """Mirror of Prefect's ``Parameter`` input: a parameter of the flow run."""

    input_type: Literal["parameter"] = "parameter"
    name: str


class _Constant(IgnoringModel):
    """Mirror of Prefect's ``Constant`` input: a constant of some type."""

    input_type: Literal["constant"] = "constant"
    type: str


_TASK_INPUTS = TypeAdapter(dict[str, list[_RunResult | _Parameter | _Constant]])


def task_inputs(value: Any) -> dict[str, Any]:
    """A task run's ``task_inputs`` (lists of task-run, flow-run, parameter or constant inputs)."""
    if value is None:
        return codecs.EMPTY_OBJECT
    parsed = codecs.through_adapter(_TASK_INPUTS, value)
    return {key: [item.model_dump(mode="json") for item in items] for key, items in parsed.items()}


TASK_INPUTS = Codec("task inputs", task_inputs, groupable=False)


@dataclass(slots=True, eq=False)
class TaskRun(Run):
    """A task run (table ``task_run`` with its denormalised current-state columns): the shared run
    columns (:class:`~runfilter.entities.runs.record.Run`), then these."""

    flow_run_id: str | None = column(
        codecs.ID, ref=Ref("flow_runs", CASCADE, link="flow_run", reverse="task_runs"), index=LOOKUP
    )
    #: the run's name when the dataset gives none
    task_key: str = column(codecs.TEXT)
    #: "0", "1", ... per (flow run, task key) in load order when the dataset gives none
    dynamic_key: str = column(codecs.TEXT)
    flow_run_run_count: int = column(codecs.COUNT, default=0)
    cache_key: str | None = column(codecs.TEXT)
    cache_expiration: int | None = column(codecs.TIME)
    task_version: str | None = column(codecs.TEXT)
    empirical_policy: dict[str, Any] = column(TASK_RUN_POLICY, default=TASK_RUN_POLICY_DEFAULT)
    task_inputs: dict[str, Any] = column(TASK_INPUTS, default=codecs.EMPTY_OBJECT)
