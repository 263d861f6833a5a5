"""Deployments (table ``deployment``): the record kind, declared once."""

from typing import Any

from ...schema import Kind, UniqueKey
from .load import load_deployments
from .record import Deployment
from .schedules import export_schedules


def _export_extras(deployment: Deployment) -> dict[str, Any]:
    # a deployment whose limit row was deleted has no limit any more (Prefect sets its reference null)
    return {
        "concurrency_limit": deployment.concurrency_limit if deployment.concurrency_limit_id is not None else None,
        "schedules": export_schedules(deployment.schedules),
    }


KIND = Kind(
    "deployments",
    "deployment",
    Deployment,
    unique=UniqueKey(("flow_id", "name"), "name", "deployment name for this flow"),
    inputs=frozenset({"infra_overrides", "schedules", "storage_document_id", "infrastructure_document_id"}),
    ignored=frozenset({"work_pool_name", "global_concurrency_limit"}),
    export_extras=_export_extras,
    load=load_deployments,
)

__all__ = ["KIND", "Deployment"]
