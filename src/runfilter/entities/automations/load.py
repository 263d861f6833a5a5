"""Loading automations: each item validated as Prefect's ``AutomationCreate``, trigger ids derived where missing.

docs/semantics.md#automations
"""

from __future__ import annotations

from typing import Any

from ... import codecs
from ...errors import DatasetError
from ...loading.batch import BatchBuilder, Item, default_stamps
from ...schema import Kind
from . import checks as c
from .actions import read_actions
from .checks import Invalid
from .triggers import matches_every_resource_of_kind, read_trigger

#: Flow-run events every run a deployment creates goes through (Prefect's loop check looks for them).
LOOPING_EVENTS = frozenset(
    {"prefect.flow-run.Scheduled", "prefect.flow-run.Pending", "prefect.flow-run.Running", "prefect.flow-run.*"}
)


def check_run_deployment_loops(enabled: bool, trigger: dict[str, Any], actions: list[dict[str, Any]]) -> None:
    """Refuse what Prefect's ``prevent_run_deployment_loops`` refuses: an enabled automation whose reactive
    event trigger expects a flow-run event every new run emits, with a ``run-deployment`` action (in
    ``actions``) that would start such runs forever: an inferred deployment always, a selected one when
    neither ``match`` nor ``match_related`` narrows the flow runs. Pinned by unit tests (a refused dataset
    cannot be recorded)."""
    if not enabled or trigger["type"] != "event" or trigger["posture"] != "Reactive":
        return
    expect = trigger["expect"]
    if not any(e.startswith("prefect.flow-run.") for e in expect) or not LOOPING_EVENTS.intersection(expect):
        return
    related = trigger["match_related"] if isinstance(trigger["match_related"], list) else [trigger["match_related"]]
    for k, action in enumerate(actions):
        if action["type"] != "run-deployment":
            continue
        if action["source"] == "inferred":
            raise Invalid(
                f"actions[{k}]",
                "running an inferred deployment from a flow run state change event would start flow runs forever",
            )
        if matches_every_resource_of_kind(trigger["match"], "prefect.flow-run") and any(
            matches_every_resource_of_kind(spec, "prefect.flow-run") for spec in related
        ):
            raise Invalid(
                f"actions[{k}]",
                "running a selected deployment from a flow run state change event may start flow runs forever: "
                "narrow the trigger's match or match_related",
            )


def _present(item: Item, field: str, read: Any, default: Any) -> Any:
    """`field` read by `read` when the item has it (null included: Prefect refuses a null here), else `default`."""
    return read(item.raw[field], field) if field in item.raw else default


def read_automation(item: Item, automation_id: str) -> dict[str, Any]:
    """The item's Prefect fields (everything but id and stamps), as Prefect stores them."""
    raw = item.raw
    try:
        for field in ("name", "trigger", "actions"):
            if field not in raw:
                raise Invalid(field, "required")
        trigger = read_trigger(raw["trigger"], "trigger", automation_id)
        actions = read_actions(raw["actions"], "actions")
        values = {
            "name": c.text(raw["name"], "name"),
            "description": _present(item, "description", c.text, ""),
            "enabled": _present(item, "enabled", c.flag, True),
            "tags": tuple(_present(item, "tags", c.text_list, [])),
            "trigger": trigger,
            "actions": actions,
            "actions_on_trigger": _present(item, "actions_on_trigger", read_actions, []),
            "actions_on_resolve": _present(item, "actions_on_resolve", read_actions, []),
            "owner_resource": c.optional_text(raw.get("owner_resource"), "owner_resource"),
        }
        check_run_deployment_loops(values["enabled"], trigger, actions)
    except Invalid as exc:
        raise DatasetError(f"{item.where}.{exc.path}", exc.reason) from None
    return values


def load_automations(b: BatchBuilder, kind: Kind, raws: list[Any]) -> None:
    """Validate every automation of the batch (no references: Prefect checks none)."""
    new = b.new[kind.name]
    for automation_id, item in b.items(kind.name, raws):
        values = read_automation(item, automation_id)
        created = item.get("created", lambda v: None if v is None else codecs.TIME.read(v))
        updated = item.get("updated", lambda v: None if v is None else codecs.TIME.read(v))
        values["created"], values["updated"] = default_stamps(created, updated, b.now)
        record = kind.record(id=automation_id, seq=0, **values)
        record.seq = b.seq_for(kind.name, automation_id)
        new[automation_id] = record
