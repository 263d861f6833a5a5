"""Automations: what the loader accepts, derives and refuses (docs/semantics.md#automations)."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from runfilter import DatasetError, Store

NOW = "2026-11-01T00:00:00Z"
AUTO = "00000000-0000-0000-0000-0000000a0001"
DEP = "00000000-0000-0000-0000-0000000d0001"


def item(**change: Any) -> dict[str, Any]:
    """A valid automation item, with `change` applied (a value of ... removes the field)."""
    base: dict[str, Any] = {
        "id": AUTO,
        "name": "on failure",
        "trigger": {"type": "event", "posture": "Reactive", "expect": ["prefect.flow-run.Failed"]},
        "actions": [{"type": "run-deployment", "deployment_id": DEP}],
    }
    for key, value in change.items():
        if value is ...:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def reactive(**fields: Any) -> dict[str, Any]:
    """An event trigger with `fields`."""
    return {"type": "event", "posture": "Reactive", **fields}


LOOPING = reactive(expect=["prefect.flow-run.Running"])

BAD_ITEMS = [
    (item(name=...), "automations[0].name", "required"),
    (item(name=None), "automations[0].name", "expected a string"),
    (item(description=None), "automations[0].description", "expected a string"),
    (item(enabled="yes"), "automations[0].enabled", "true or false"),
    (item(tags=["ok", 1]), "automations[0].tags[1]", "expected a string"),
    (item(tags=None), "automations[0].tags", "list of strings"),
    (item(trigger=...), "automations[0].trigger", "required"),
    (item(actions=...), "automations[0].actions", "required"),
    (item(actions=None), "automations[0].actions", "list of actions"),
    (item(actions_on_trigger=None), "automations[0].actions_on_trigger", "list of actions"),
    (item(owner_resource=5), "automations[0].owner_resource", "expected a string"),
    (item(trigger={"type": "metric", "posture": "Reactive"}), "automations[0].trigger.type", "one of"),
    (item(trigger={"type": "event"}), "automations[0].trigger.posture", "required"),
    (item(trigger=reactive(posture="Metric")), "automations[0].trigger.posture", "one of"),
    (item(trigger=reactive(posture="Proactive", within=5)), "automations[0].trigger.within", "10 seconds"),
    (item(trigger=reactive(within=None)), "automations[0].trigger.within", "valid timedelta"),
    (item(trigger=reactive(within=-1)), "automations[0].trigger.within", "at least 0"),
    (item(trigger=reactive(within="soon")), "automations[0].trigger.within", "duration"),
    (item(trigger=reactive(threshold="2")), "automations[0].trigger.threshold", "integer"),
    (item(trigger=reactive(expect="a.b")), "automations[0].trigger.expect", "list of strings"),
    (item(trigger=reactive(match={"a": 1})), "automations[0].trigger.match.a", "expected a string"),
    (item(trigger=reactive(id="nope")), "automations[0].trigger.id", "not a UUID"),
    (
        item(trigger={"type": "compound", "require": 0, "within": None, "triggers": [reactive()]}),
        "automations[0].trigger.require",
        "at least 1",
    ),
    (
        item(trigger={"type": "compound", "require": 2, "within": None, "triggers": [reactive()]}),
        "automations[0].trigger.require",
        "number of triggers",
    ),
    (
        item(trigger={"type": "compound", "require": "2", "within": None, "triggers": [reactive()]}),
        "automations[0].trigger.require",
        "'any' or 'all'",
    ),
    (item(trigger={"type": "compound", "require": "any", "triggers": []}), "automations[0].trigger.within", "required"),
    (
        item(trigger={"type": "sequence", "within": 5, "triggers": [reactive(), {"type": "event"}]}),
        "automations[0].trigger.triggers[1].posture",
        "required",
    ),
    (item(trigger={"within": 5, "triggers": []}), "automations[0].trigger.type", "does not guess"),
    (
        item(actions=[{"type": "send-notification", "block_document_id": DEP, "body": "x"}]),
        "automations[0].actions[0].type",
        "not supported",
    ),
    (
        item(actions=[{"type": "call-webhook", "block_document_id": DEP}]),
        "automations[0].actions[0].type",
        "not supported",
    ),
    (item(actions=[{"type": "explode"}]), "automations[0].actions[0].type", "one of"),
    (item(actions=[{"state": "FAILED"}]), "automations[0].actions[0].type", "does not guess"),
    (item(actions=[{"type": "run-deployment"}]), "automations[0].actions[0].deployment_id", "required"),
    (
        item(actions=[{"type": "pause-work-pool", "source": "inferred", "work_pool_id": DEP}]),
        "automations[0].actions[0].work_pool_id",
        "not allowed",
    ),
    (
        item(actions=[{"type": "run-deployment", "deployment_id": DEP, "schedule_after": -1}]),
        "automations[0].actions[0].schedule_after",
        "non-negative",
    ),
    (
        item(actions=[{"type": "run-deployment", "deployment_id": DEP, "parameters": {"x": "{{ event.id }}"}}]),
        "automations[0].actions[0].parameters",
        "templates",
    ),
    (
        item(
            actions=[
                {
                    "type": "run-deployment",
                    "deployment_id": DEP,
                    "parameters": {"x": {"__prefect_kind": "json", "value": "1"}},
                }
            ]
        ),
        "automations[0].actions[0].parameters",
        "__prefect_kind",
    ),
    (item(actions=[{"type": "change-flow-run-state"}]), "automations[0].actions[0].state", "required"),
    (item(actions=[{"type": "change-flow-run-state", "state": "failed"}]), "automations[0].actions[0].state", "one of"),
    (
        item(actions_on_resolve=[{"type": "resume-automation"}]),
        "automations[0].actions_on_resolve[0].automation_id",
        "required",
    ),
    (
        item(trigger=LOOPING, actions=[{"type": "do-nothing"}, {"type": "run-deployment", "source": "inferred"}]),
        "automations[0].actions[1]",
        "inferred deployment",
    ),
    (item(trigger=LOOPING), "automations[0].actions[0]", "selected deployment"),
    (
        item(trigger={**LOOPING, "match": {"prefect.resource.id": ["prefect.flow-run.*"]}, "match_related": [{}]}),
        "automations[0].actions[0]",
        "selected deployment",
    ),
]


@pytest.mark.parametrize(("raw", "path", "reason"), BAD_ITEMS, ids=[f"{b[1]}:{b[2]}" for b in BAD_ITEMS])
def test_bad_automation_names_its_path_and_leaves_the_store_unchanged(raw: dict, path: str, reason: str) -> None:
    store = Store.from_dataset({"automations": [item(id="00000000-0000-0000-0000-0000000a0002", name="kept")]}, now=NOW)
    with pytest.raises(DatasetError) as caught:
        store.load({"automations": [raw]})
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert store.request("automations/count", {}) == (200, 1)
    store.check()


@pytest.mark.parametrize(
    "change",
    [
        {"enabled": False, "trigger": LOOPING},  # a disabled automation cannot loop
        {"trigger": {**LOOPING, "match": {"prefect.resource.name": "nightly"}}},  # narrowed by match
        {"trigger": {**LOOPING, "match_related": [{"prefect.resource.role": "flow"}]}},  # narrowed by related
        {"trigger": LOOPING, "actions": [{"type": "pause-deployment", "deployment_id": DEP}]},  # runs nothing
        {"trigger": {**LOOPING, "posture": "Proactive"}},  # only reactive triggers loop
        {"trigger": LOOPING, "actions_on_trigger": [{"type": "run-deployment", "source": "inferred"}], "actions": []},
    ],
)
def test_run_deployment_loop_check_lets_these_pass(change: dict) -> None:
    Store.from_dataset({"automations": [item(**change)]}, now=NOW).check()


def test_trigger_ids_are_kept_or_derived_per_path() -> None:
    given = "00000000-0000-0000-0000-0000000f0001"
    trigger = {
        "type": "sequence",
        "within": 5,
        "triggers": [
            reactive(id=given.upper()),
            {"type": "compound", "require": "any", "within": None, "triggers": [reactive(), reactive()]},
        ],
    }
    store = Store.from_dataset({"automations": [item(trigger=trigger)]}, now=NOW)
    got = store.request(f"automations/{AUTO}", None, "GET")[1]["trigger"]

    def derived(path: str) -> str:
        return str(uuid.uuid5(uuid.UUID(AUTO), path))

    assert got["id"] == derived("trigger")
    assert got["triggers"][0]["id"] == given
    assert got["triggers"][1]["id"] == derived("trigger.triggers[1]")
    assert [t["id"] for t in got["triggers"][1]["triggers"]] == [
        derived("trigger.triggers[1].triggers[0]"),
        derived("trigger.triggers[1].triggers[1]"),
    ]


def test_defaults_and_derived_values() -> None:
    raw = item(trigger={"posture": "Proactive", "expect": ["b", "a", "b"]}, actions=[{}])
    got = Store.from_dataset({"automations": [raw]}, now=NOW).request(f"automations/{AUTO}", None, "GET")[1]
    assert got["description"] == "" and got["enabled"] is True and got["tags"] == []
    assert got["actions_on_trigger"] == [] and got["actions_on_resolve"] == []
    assert got["trigger"]["type"] == "event" and got["trigger"]["within"] == 10.0  # a proactive 0 becomes 10 s
    assert got["trigger"]["expect"] == ["a", "b"]  # a set: duplicates dropped, printed sorted
    assert got["actions"] == [{"type": "do-nothing"}]  # an empty action is Prefect's first union member
    assert got["created"] == got["updated"] == NOW
    assert "owner_resource" not in got


def test_related_resources_follow_selected_run_deployment_actions_and_the_owner() -> None:
    other = "00000000-0000-0000-0000-0000000d0002"
    raws = [
        item(
            actions=[{"type": "run-deployment", "deployment_id": DEP}, {"type": "run-deployment", "deployment_id": DEP}]
        ),
        item(
            id="00000000-0000-0000-0000-0000000a0002",
            actions=[{"type": "pause-deployment", "deployment_id": DEP}],
            owner_resource=f"prefect.deployment.{other}",
        ),
        item(
            id="00000000-0000-0000-0000-0000000a0003",
            actions=[],
            actions_on_trigger=[{"type": "run-deployment", "deployment_id": other}],
        ),
    ]
    store = Store.from_dataset({"automations": raws}, now=NOW)

    def related(resource: str) -> list[str]:
        return [a["id"] for a in store.request(f"automations/related-to/{resource}", None, "GET")[1]]

    assert related(f"prefect.deployment.{DEP}") == [AUTO]  # once, though named twice; pause does not relate
    assert related(f"prefect.deployment.{other}") == ["00000000-0000-0000-0000-0000000a0002"]  # owner only


def test_dump_round_trips_and_upsert_replaces() -> None:
    raws = [
        item(
            tags=["a"],
            owner_resource="prefect.flow.x",
            trigger={"type": "compound", "require": 1, "within": "PT1M", "triggers": [reactive(within="PT30S")]},
        ),
        item(
            id="00000000-0000-0000-0000-0000000a0002",
            name="",
            actions=[{"type": "resume-work-queue", "work_queue_id": "00000000-0000-0000-0000-0000000E0001"}],
        ),
    ]
    store = Store.from_dataset({"automations": copy.deepcopy(raws)}, now=NOW)
    again = Store.from_dataset(store.dump(), now=NOW)
    for route in ("automations/filter", "automations/related-to/prefect.flow.x"):
        method = "POST" if route.endswith("filter") else "GET"
        assert again.request(route, {} if method == "POST" else None, method) == store.request(
            route, {} if method == "POST" else None, method
        )
    again.check()
    store.upsert({"automations": [item(name="renamed", created="2026-01-01T00:00:00Z")]})
    assert store.request("automations/filter", {"automations": {"name": {"any_": ["renamed"]}}})[1][0]["id"] == AUTO
    assert store.request("automations/count", {}) == (200, 2)
    store.check()


def test_unknown_fields_are_refused_unless_lenient() -> None:
    with pytest.raises(DatasetError, match="unknown field"):
        Store.from_dataset({"automations": [item(color="blue")]}, now=NOW)
    assert Store.from_dataset({"automations": [item(color="blue")]}, now=NOW, strict=False).counts()["automations"] == 1


def test_unknown_keys_inside_triggers_and_actions_are_dropped_as_prefect_drops_them() -> None:
    raw = item(trigger=reactive(color="red"), actions=[{"type": "do-nothing", "note": "x"}])
    got = Store.from_dataset({"automations": [raw]}, now=NOW).request(f"automations/{AUTO}", None, "GET")[1]
    assert "color" not in got["trigger"] and got["actions"] == [{"type": "do-nothing"}]
