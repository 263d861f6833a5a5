"""Deployments (table ``deployment``): the record kind, declared once."""

from typing import Any

from ...schema import Kind, UniqueKey
from .load import load_deployments
from .record import Deployment
from .schedules import export_schedules


def _export_extras(deployment: Deployment) -> dict[str, Any]:
    # the dataset gives the limit as a number; the record keeps the limit object Prefect creates
    limit = deployment.global_concurrency_limit
    return {
        "concurrency_limit": limit["limit"] if limit else None,
        "schedules": export_schedules(deployment.schedules),
    }


KIND = Kind(
    "deployments",
    "deployment",
    Deployment,
    unique=UniqueKey(("flow_id", "name"), "name", "deployment name for this flow"),
    inputs=frozenset(
        {"concurrency_limit", "infra_overrides", "schedules", "storage_document_id", "infrastructure_document_id"}
    ),
    ignored=frozenset({"work_pool_name", "global_concurrency_limit"}),
    export_extras=_export_extras,
    load=load_deployments,
)

__all__ = ["KIND", "Deployment"]
