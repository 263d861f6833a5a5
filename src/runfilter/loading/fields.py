"""The dataset format: which lists a dataset holds and which fields each item may have.

The format is the oracle's (``../shared/oracle/README.md``, "Formats →
Dataset"), with Prefect's API field names. Fields Prefect computes in
responses are accepted and ignored, so a response can be fed back as data;
any other unknown field is an error, because a silently dropped field would
later look like an engine bug.
"""

from __future__ import annotations

#: Entity lists a dataset may hold, in the order they are loaded.
DATASET_KEYS = ("flows", "work_pools", "work_queues", "deployments", "flow_runs", "task_runs")

_RUN_FIELDS = {
    "id",
    "name",
    "tags",
    "labels",
    "state_id",
    "state_type",
    "state_name",
    "state_timestamp",
    "state",
    "run_count",
    "expected_start_time",
    "next_scheduled_start_time",
    "start_time",
    "end_time",
    "total_run_time",
    "empirical_policy",
    "created",
    "updated",
}
#: Fields accepted per entity (Prefect's API names).
FIELDS: dict[str, frozenset[str]] = {
    "flows": frozenset({"id", "name", "tags", "labels", "created", "updated"}),
    "work_pools": frozenset(
        {
            "id",
            "name",
            "description",
            "type",
            "base_job_template",
            "is_paused",
            "default_queue_id",
            "concurrency_limit",
            "status",
            "storage_configuration",
            "created",
            "updated",
        }
    ),
    "work_queues": frozenset(
        {
            "id",
            "name",
            "description",
            "is_paused",
            "concurrency_limit",
            "priority",
            "work_pool_id",
            "work_pool_name",
            "status",
            "last_polled",
            "filter",
            "created",
            "updated",
        }
    ),
    "deployments": frozenset(
        {
            "id",
            "name",
            "flow_id",
            "version",
            "description",
            "work_queue_name",
            "work_queue_id",
            "paused",
            "tags",
            "labels",
            "parameters",
            "job_variables",
            "infra_overrides",
            "path",
            "entrypoint",
            "pull_steps",
            "parameter_openapi_schema",
            "enforce_parameter_schema",
            "concurrency_limit",
            "concurrency_options",
            "status",
            "last_polled",
            "created_by",
            "updated_by",
            "schedules",
            "created",
            "updated",
            "storage_document_id",
            "infrastructure_document_id",
        }
    ),
    "flow_runs": frozenset(
        _RUN_FIELDS
        | {
            "flow_id",
            "deployment_id",
            "deployment_version",
            "work_queue_name",
            "work_queue_id",
            "flow_version",
            "parameters",
            "idempotency_key",
            "context",
            "created_by",
            "infrastructure_pid",
            "job_variables",
            "parent_task_run_id",
            "auto_scheduled",
            "infrastructure_document_id",
        }
    ),
    "task_runs": frozenset(
        _RUN_FIELDS
        | {
            "flow_run_id",
            "task_key",
            "dynamic_key",
            "cache_key",
            "cache_expiration",
            "task_version",
            "flow_run_run_count",
            "task_inputs",
        }
    ),
}
#: Fields Prefect computes in responses: accepted (so a response can be fed back) and ignored.
DERIVED: dict[str, frozenset[str]] = {
    "flows": frozenset(),
    "work_pools": frozenset({"active_slots"}),
    "work_queues": frozenset({"active_slots"}),
    "deployments": frozenset({"work_pool_name", "global_concurrency_limit"}),
    "flow_runs": frozenset({"estimated_run_time", "estimated_start_time_delta", "work_pool_id", "work_pool_name"}),
    "task_runs": frozenset({"estimated_run_time", "estimated_start_time_delta"}),
}
