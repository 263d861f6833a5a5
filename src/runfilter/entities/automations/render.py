"""Automations as Prefect 3.9.1 returns them (``Automation``), and the resources each is related to."""

from __future__ import annotations

import copy
from typing import Any

from ...api.route import Context
from ...timeutil import format_ts
from .actions import selected_deployments
from .record import Automation


def automation(ctx: Context, record: Automation) -> dict[str, Any]:
    """An ``Automation`` (no ``owner_resource``: Prefect keeps it as a related resource, not a field)."""
    return {
        "name": record.name,
        "description": record.description,
        "enabled": record.enabled,
        "tags": list(record.tags),
        "trigger": copy.deepcopy(record.trigger),
        "actions": copy.deepcopy(record.actions),
        "actions_on_trigger": copy.deepcopy(record.actions_on_trigger),
        "actions_on_resolve": copy.deepcopy(record.actions_on_resolve),
        "id": record.id,
        "created": format_ts(record.created),
        "updated": format_ts(record.updated),
    }


def related_resources(record: Automation) -> dict[str, bool]:
    """The resources Prefect relates the automation to, each with whether the automation is owned by it:
    ``prefect.deployment.<id>`` for each ``run-deployment`` action of ``actions`` with a selected deployment
    (not owned), and ``owner_resource`` (owned, also when it is one of those deployments)."""
    related = {f"prefect.deployment.{d}": False for d in selected_deployments(record.actions)}
    if record.owner_resource:
        related[record.owner_resource] = True
    return related
