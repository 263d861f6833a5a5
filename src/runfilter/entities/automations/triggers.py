"""An automation's ``trigger`` read as Prefect's ``EventTrigger``, ``CompoundTrigger`` or ``SequenceTrigger``.

The result is the trigger as Prefect prints it (keys in its field order,
defaults filled in, durations as float seconds), ids included: kept when
given, else derived from the automation's id and the trigger's path
(:func:`trigger_id`). docs/semantics.md#automations
"""

from __future__ import annotations

import uuid
from typing import Any

from . import checks as c
from .checks import Invalid, at

#: The postures an event trigger may take (Prefect's ``Metric`` is not one of them).
POSTURES = ("Reactive", "Proactive")
#: The trigger types Prefect's ``ServerTriggerTypes`` union holds.
TRIGGER_TYPES = ("event", "compound", "sequence")
#: Below this many seconds a proactive trigger's window is refused (0 or missing becomes this).
PROACTIVE_MIN_WITHIN = 10.0


def trigger_id(automation_id: str | None, path: str) -> str:
    """The id of a trigger the dataset gives none: ``uuid5(automation_id, path)``.

    `path` is ``trigger`` for the top trigger and ``trigger.triggers[k]`` for
    the k-th nested one, repeated per level (the oracle's rule, so a dataset
    loads with the same ids on both sides). Without an automation id (a
    trigger read on its own) the id must be given.
    """
    if automation_id is None:
        raise Invalid(f"{path}.id", "required")
    return str(uuid.uuid5(uuid.UUID(automation_id), path))


def _trigger_type(raw: dict[str, Any], path: str) -> str:
    """The trigger's ``type``; a trigger without one is an event trigger.

    Prefect resolves an untyped trigger through its union (only an event
    trigger validates without ``triggers``); with ``triggers`` or ``require``
    keys the union's choice depends on pydantic's scoring, which runfilter
    does not model: it asks for the type instead.
    """
    if "type" not in raw:
        if "triggers" in raw or "require" in raw:
            raise Invalid(
                at(path, "type"), "required for a trigger with triggers or require (runfilter does not guess)"
            )
        return "event"
    return c.one_of(raw["type"], at(path, "type"), TRIGGER_TYPES)


def _resource_spec(value: Any, path: str) -> dict[str, Any]:
    """A ``ResourceSpecification``: labels to a string or a list of strings."""
    spec = c.obj(value, path)
    out: dict[str, Any] = {}
    for label, wanted in spec.items():
        out[label] = (
            c.text_list(wanted, at(path, label)) if isinstance(wanted, list) else c.text(wanted, at(path, label))
        )
    return out


def _match_related(value: Any, path: str) -> Any:
    """``match_related``: one resource specification or a list of them."""
    if isinstance(value, list):
        return [_resource_spec(v, at(path, k)) for k, v in enumerate(value)]
    return _resource_spec(value, path)


def matches_every_resource_of_kind(spec: dict[str, Any], prefix: str) -> bool:
    """Whether a resource specification selects every resource of a kind: no labels, or only
    ``prefect.resource.id`` naming ``<prefix>.*`` (Prefect's own test, used by the loop check)."""
    if not spec:
        return True
    if len(spec) == 1 and spec.get("prefect.resource.id"):
        wanted = spec["prefect.resource.id"]
        return f"{prefix}.*" in ([wanted] if isinstance(wanted, str) else wanted)
    return False


def _event_within(raw: dict[str, Any], path: str, posture: str) -> float:
    """An event trigger's ``within``: ≥ 0 seconds, default 0; a proactive one's 0 becomes 10, below 10 is refused."""
    if "within" in raw and raw["within"] is None:
        raise Invalid(at(path, "within"), "`within` should be a valid timedelta")
    within = c.seconds(raw["within"], at(path, "within")) if "within" in raw else 0.0
    if posture == "Proactive":
        if within == 0:
            return PROACTIVE_MIN_WITHIN
        if within < PROACTIVE_MIN_WITHIN:
            raise Invalid(
                at(path, "within"), "`within` for Proactive triggers must be greater than or equal to 10 seconds"
            )
    if within < 0:
        raise Invalid(at(path, "within"), "must be at least 0 seconds")
    return within


def _event(raw: dict[str, Any], path: str, trigger_uuid: str) -> dict[str, Any]:
    if "posture" not in raw:
        raise Invalid(at(path, "posture"), "required")
    posture = c.one_of(raw["posture"], at(path, "posture"), POSTURES)
    return {
        "type": "event",
        "id": trigger_uuid,
        "match": _resource_spec(raw.get("match", {}), at(path, "match")),
        "match_related": _match_related(raw.get("match_related", {}), at(path, "match_related")),
        "after": c.text_set(raw.get("after", []), at(path, "after")),
        "expect": c.text_set(raw.get("expect", []), at(path, "expect")),
        "for_each": c.text_set(raw.get("for_each", []), at(path, "for_each")),
        "posture": posture,
        "threshold": c.integer(raw.get("threshold", 1), at(path, "threshold")),
        "within": _event_within(raw, path, posture),
    }


def _composite(
    raw: dict[str, Any], path: str, kind: str, trigger_uuid: str, automation_id: str | None, id_path: str
) -> dict[str, Any]:
    for required in ("triggers", "within") + (("require",) if kind == "compound" else ()):
        if required not in raw:
            raise Invalid(at(path, required), "required")
    children = raw["triggers"]
    if not isinstance(children, list):
        raise Invalid(at(path, "triggers"), f"expected a list of triggers, got {children!r}")
    triggers = [
        read_trigger(child, at(at(path, "triggers"), k), automation_id, f"{id_path}.triggers[{k}]")
        for k, child in enumerate(children)
    ]
    within = None if raw["within"] is None else c.seconds(raw["within"], at(path, "within"))
    out = {"type": kind, "id": trigger_uuid, "triggers": triggers, "within": within}
    if kind == "compound":
        out["require"] = _require(raw["require"], at(path, "require"), len(triggers))
    return out


def _require(value: Any, path: str, count: int) -> Any:
    """A compound trigger's ``require``: ``"any"``, ``"all"`` or a number between 1 and its trigger count."""
    if value in ("any", "all") and isinstance(value, str):
        return value
    number = c.integer(value, path) if not isinstance(value, str) else None
    if number is None:
        raise Invalid(path, f"expected an integer, 'any' or 'all', got {value!r}")
    if number < 1:
        raise Invalid(path, "require must be at least 1")
    if number > count:
        raise Invalid(path, "require must be less than or equal to the number of triggers")
    return number


def read_trigger(value: Any, path: str, automation_id: str | None, id_path: str = "trigger") -> dict[str, Any]:
    """A trigger as Prefect prints it; its id (and its nested triggers') derived from `automation_id` when not given.

    Unknown keys are dropped, as Prefect's trigger models drop them.
    """
    raw = c.obj(value, path)
    kind = _trigger_type(raw, path)
    given = raw.get("id")
    trigger_uuid = trigger_id(automation_id, id_path) if given is None else c.uuid_or_null(given, at(path, "id"))
    assert trigger_uuid is not None
    if kind == "event":
        return _event(raw, path, trigger_uuid)
    return _composite(raw, path, kind, trigger_uuid, automation_id, id_path)
