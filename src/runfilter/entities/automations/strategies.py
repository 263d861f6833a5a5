"""Hypothesis strategies for automations: records (every trigger type, every action type runfilter reads), and
the shape of an ``automations`` filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from ..samples import extras, instants, iso, record_id, tag_lists

#: Automation names: case variants and repeats for ties, the empty name Prefect allows.
NAMES = ("on failure", "On failure", "late runs", "", "über", "zeta")
#: Fields no filter reads but every response prints.
EXTRAS = {
    "description": st.sampled_from(("", "page the on-call")),
    "enabled": st.booleans(),
}
#: The ``automations`` filter class (see :data:`runfilter.strategies.FILTER_SPECS`).
FILTER_SPEC = (
    True,
    {
        "id": (False, {"any_": "ids:automations"}),
        "name": (False, {"any_": "names:automations"}),
        "created": (False, {"before_": "time"}),
        "tags": (True, {"all_": "tags", "any_": "tags", "is_null_": "bool"}),
    },
)
#: Operand roles automation items feed, and the pools that stand in without a dataset.
VOCABULARY = {"tags": lambda item: item.get("tags") or [], "instants": lambda item: _created(item)}
POOLS: dict[str, tuple[str, ...]] = {}


def _created(item: dict[str, Any]) -> list[dt.datetime]:
    """An item's ``created`` as an instant (the ``time`` operands a filter draws)."""
    created = item.get("created")
    return [dt.datetime.fromisoformat(created)] if isinstance(created, str) else []


#: Deployment ids automations name when no dataset deployments are given.
_DEPLOYMENT_IDS = ("00000000-0000-4000-8000-0000000000d1", "00000000-0000-4000-8000-0000000000d2")
_EVENTS = ("prefect.flow-run.Failed", "prefect.flow-run.Completed", "prefect.work-queue.not-ready", "x.y")
_LABELS = st.sampled_from(
    ({}, {"prefect.resource.id": "prefect.flow-run.*", "env": "prod"}, {"prefect.resource.role": "flow"})
)


@st.composite
def event_triggers(draw: st.DrawFn) -> dict[str, Any]:
    """An event trigger (reactive or proactive; sets, windows, thresholds); shrinks toward a bare reactive one."""
    posture = draw(st.sampled_from(("Reactive", "Proactive")))
    within = draw(st.sampled_from((0, 10, 30.5, "PT1M")))
    return {
        "type": "event",
        "posture": posture,
        "expect": draw(st.lists(st.sampled_from(_EVENTS), max_size=3)),
        "after": draw(st.lists(st.sampled_from(_EVENTS), max_size=2)),
        "for_each": draw(
            st.lists(st.sampled_from(("prefect.resource.id", "related:flow:prefect.resource.id")), max_size=2)
        ),
        "match": draw(_LABELS),
        "match_related": draw(_LABELS | st.lists(_LABELS.filter(bool), max_size=2)),
        "threshold": draw(st.integers(1, 3)),
        "within": within,
    }


def triggers() -> st.SearchStrategy[dict[str, Any]]:
    """An event, compound or sequence trigger, nested at most two levels; shrinks toward an event trigger."""

    def composite(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
        def build(kind: str, nested: list[dict[str, Any]], within: Any, require: Any) -> dict[str, Any]:
            out = {"type": kind, "triggers": nested, "within": within}
            if kind == "compound":
                # a number must lie between 1 and the number of triggers
                out["require"] = require if isinstance(require, str) or require <= len(nested) else "all"
            return out

        return st.builds(
            build,
            st.sampled_from(("compound", "sequence")),
            st.lists(children, max_size=3),
            st.sampled_from((None, 60, 3600.5)),
            st.sampled_from(("any", "all", 1, 2)),
        )

    return st.recursive(event_triggers(), composite, max_leaves=4)


def actions(deployment_ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """One action of a type runfilter reads; selected deployments come from `deployment_ids`."""
    some_id = st.sampled_from(deployment_ids)
    target = st.sampled_from(("pause-deployment", "resume-work-queue", "pause-work-pool", "resume-automation"))
    id_field = {
        "pause-deployment": "deployment_id",
        "resume-work-queue": "work_queue_id",
        "pause-work-pool": "work_pool_id",
        "resume-automation": "automation_id",
    }
    return st.one_of(
        st.sampled_from(
            ("do-nothing", "cancel-flow-run", "delete-flow-run", "suspend-flow-run", "resume-flow-run")
        ).map(lambda kind: {"type": kind}),
        st.builds(
            lambda d, after: {
                "type": "run-deployment",
                "deployment_id": d,
                "schedule_after": after,
                "parameters": {"n": 1},
            },
            some_id,
            st.sampled_from((0, 5, "PT1H")),
        ),
        st.just({"type": "run-deployment", "source": "inferred"}),
        st.builds(
            lambda state, force: {"type": "change-flow-run-state", "state": state, "force": force},
            st.sampled_from(("FAILED", "CANCELLED", "COMPLETED")),
            st.booleans(),
        ),
        st.builds(lambda kind, i: {"type": kind, id_field[kind]: i}, target, st.uuids().map(str)),
        target.map(lambda kind: {"type": kind, "source": "inferred"}),
    )


@st.composite
def automations(draw: st.DrawFn, index: int = 0, deployment_ids: list[str] | None = None) -> dict[str, Any]:
    """One automation item; ``run-deployment`` actions and owners name deployments of `deployment_ids` (default:
    a few made-up ones, shared by items so that several relate to one deployment; Prefect checks none).

    Its trigger expects no flow-run state a new run passes through, so Prefect's loop check never refuses it.
    Shrinks toward a reactive event trigger with one ``do-nothing`` action.
    """
    created = draw(instants())
    bump = draw(st.none() | st.integers(0, 3))
    deployment_ids = deployment_ids or list(_DEPLOYMENT_IDS)
    owner = draw(st.none() | st.sampled_from([*(f"prefect.deployment.{d}" for d in deployment_ids), "prefect.flow.x"]))
    return {
        "id": record_id("automations", index, draw(st.integers(0, 2**16))),
        "name": draw(st.sampled_from(NAMES)),
        "tags": draw(tag_lists()),
        "trigger": draw(triggers()),
        "actions": draw(st.lists(actions(deployment_ids), min_size=1, max_size=3)),
        "actions_on_trigger": draw(st.lists(actions(deployment_ids), max_size=1)),
        "owner_resource": owner,
        "created": iso(created),
        "updated": iso(created + dt.timedelta(hours=bump)) if bump is not None else None,
        **draw(extras(EXTRAS)),
    }
