"""An automation's actions read as Prefect 3.9.1's ``ServerActionTypes``, as Prefect prints them.

Every action type Prefect accepts is read except the two whose text fields
Prefect validates as Jinja templates (``send-notification``,
``call-webhook``): runfilter refuses those rather than accept a template
Prefect might reject. ``run-deployment`` parameters holding Prefect's
hydration markers (``__prefect_kind``) or template text (``{{``, ``{%``)
are refused for the same reason. docs/semantics.md#automations
"""

from __future__ import annotations

from typing import Any

from . import checks as c
from .checks import Invalid, at

#: Actions without fields of their own: Prefect prints only their type.
PLAIN_ACTIONS = ("do-nothing", "cancel-flow-run", "delete-flow-run", "suspend-flow-run", "resume-flow-run")
#: Actions on one object chosen by ``source``: the type → the id field naming the selected object.
TARGETED_ACTIONS = {
    "pause-deployment": "deployment_id",
    "resume-deployment": "deployment_id",
    "pause-work-queue": "work_queue_id",
    "resume-work-queue": "work_queue_id",
    "pause-work-pool": "work_pool_id",
    "resume-work-pool": "work_pool_id",
    "pause-automation": "automation_id",
    "resume-automation": "automation_id",
}
#: Action types Prefect accepts that runfilter refuses (their templates are not modelled).
REFUSED_ACTIONS = ("send-notification", "call-webhook")
#: Every action type runfilter reads.
ACTION_TYPES = (*PLAIN_ACTIONS, "run-deployment", "change-flow-run-state", *TARGETED_ACTIONS)
#: The state types ``change-flow-run-state`` may name.
STATE_TYPES = ("SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING")


def _action_type(raw: dict[str, Any], path: str) -> str:
    """The action's ``type``. An empty object is Prefect's ``do-nothing`` (the first member of its union that
    validates); an untyped action with fields is refused: which member Prefect's union picks for it depends on
    pydantic's scoring, which runfilter does not model."""
    if "type" not in raw:
        if raw:
            raise Invalid(at(path, "type"), "required for an action with fields (runfilter does not guess)")
        return "do-nothing"
    kind = raw["type"]
    if kind in REFUSED_ACTIONS:
        raise Invalid(at(path, "type"), f"{kind!r} actions are not supported by runfilter (Jinja templates)")
    return c.one_of(kind, at(path, "type"), ACTION_TYPES)


def _source(raw: dict[str, Any], path: str, id_field: str) -> dict[str, Any]:
    """``source`` (``selected``, the default, or ``inferred``) and the id it needs: required when selected,
    not allowed when inferred."""
    source = c.one_of(raw.get("source", "selected"), at(path, "source"), ("selected", "inferred"))
    target = c.uuid_or_null(raw.get(id_field), at(path, id_field))
    if (source == "selected") != (target is not None):
        raise Invalid(at(path, id_field), f"{id_field} is " + ("not allowed" if target is not None else "required"))
    return {"source": source, id_field: target}


def _has_template(value: Any) -> bool:
    """Whether a parameter value holds something Prefect hydrates or renders (runfilter refuses it)."""
    if isinstance(value, dict):
        return "__prefect_kind" in value or any(_has_template(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_template(v) for v in value)
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def _run_deployment(raw: dict[str, Any], path: str) -> dict[str, Any]:
    parameters = c.json_object_or_null(raw.get("parameters"), at(path, "parameters"))
    if parameters and _has_template(parameters):
        raise Invalid(at(path, "parameters"), "templates and __prefect_kind values are not supported by runfilter")
    schedule_after = c.seconds(raw.get("schedule_after", 0), at(path, "schedule_after"))
    if schedule_after < 0:
        raise Invalid(at(path, "schedule_after"), "must be a non-negative duration")
    return {
        "type": "run-deployment",
        **_source(raw, path, "deployment_id"),
        "parameters": parameters,
        "job_variables": c.json_object_or_null(raw.get("job_variables"), at(path, "job_variables")),
        "schedule_after": schedule_after,
    }


def _change_flow_run_state(raw: dict[str, Any], path: str) -> dict[str, Any]:
    if "state" not in raw:
        raise Invalid(at(path, "state"), "required")
    return {
        "type": "change-flow-run-state",
        "name": c.optional_text(raw.get("name"), at(path, "name")),
        "state": c.one_of(raw["state"], at(path, "state"), STATE_TYPES),
        "message": c.optional_text(raw.get("message"), at(path, "message")),
        "force": c.flag(raw.get("force", False), at(path, "force")),
    }


def read_action(value: Any, path: str) -> dict[str, Any]:
    """One action as Prefect prints it (its fields in Prefect's order, defaults filled in, unknown keys dropped)."""
    raw = c.obj(value, path)
    kind = _action_type(raw, path)
    if kind in PLAIN_ACTIONS:
        return {"type": kind}
    if kind == "run-deployment":
        return _run_deployment(raw, path)
    if kind == "change-flow-run-state":
        return _change_flow_run_state(raw, path)
    return {"type": kind, **_source(raw, path, TARGETED_ACTIONS[kind])}


def read_actions(value: Any, path: str) -> list[dict[str, Any]]:
    """A list of actions."""
    if not isinstance(value, list):
        raise Invalid(path, f"expected a list of actions, got {value!r}")
    return [read_action(v, at(path, k)) for k, v in enumerate(value)]


def selected_deployments(actions: list[dict[str, Any]]) -> list[str]:
    """The deployments ``run-deployment`` actions with ``source: "selected"`` name, first mention first: the
    automation is related to each (Prefect's ``prefect.deployment.<id>`` related resources)."""
    out: dict[str, None] = {}
    for action in actions:
        if action["type"] == "run-deployment" and action["source"] == "selected":
            out[action["deployment_id"]] = None
    return list(out)
