"""Optional record fields that no filter reads but every response prints (labels, policies, JSON blobs)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_INSTANTS = ("2026-10-01T00:00:00Z", "2026-10-02T12:00:00.250000Z", None)
_LABELS = st.sampled_from(({"team": "data"}, {"n": 1, "f": 1.5, "ok": True}, {}, None))
_CREATOR = st.sampled_from(
    (
        None,
        {"id": "00000000-0000-4000-8000-00000000abcd", "type": "USER", "display_value": "me"},
        {"type": "AUTOMATION"},
    )
)

EXTRAS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "flows": {"labels": _LABELS},
    "work_pools": {
        "description": st.sampled_from((None, "pool for etl")),
        "base_job_template": st.sampled_from(
            (
                {},
                {
                    "job_configuration": {"command": "{{ cmd }}"},
                    "variables": {"properties": {"cmd": {"type": "string"}}},
                },
            )
        ),
        "status": st.sampled_from((None, "READY", "NOT_READY", "PAUSED")),
        "storage_configuration": st.sampled_from((None, {"bundle_upload_step": {"step": {"x": 1}}})),
    },
    "work_queues": {
        "description": st.sampled_from((None, "", "urgent work")),
        "status": st.sampled_from((None, "READY", "NOT_READY", "PAUSED")),
        "last_polled": st.sampled_from(_INSTANTS),
    },
    "deployments": {
        "version": st.sampled_from((None, "v1")),
        "description": st.sampled_from((None, "nightly etl")),
        "parameters": st.sampled_from(({}, {"x": 1, "names": ["a", "b"]})),
        "job_variables": st.sampled_from((None, {"image": "etl:1"})),
        "path": st.sampled_from((None, ".")),
        "entrypoint": st.sampled_from((None, "flows/etl.py:main")),
        "pull_steps": st.sampled_from((None, [{"prefect.deployments.steps.git_clone": {"repository": "r"}}])),
        "parameter_openapi_schema": st.sampled_from((None, {"type": "object", "properties": {}})),
        "enforce_parameter_schema": st.booleans(),
        "concurrency_options": st.sampled_from((None, {"collision_strategy": "CANCEL_NEW"})),
        "status": st.sampled_from((None, "READY", "NOT_READY")),
        "last_polled": st.sampled_from(_INSTANTS),
        "created_by": _CREATOR,
        "updated_by": _CREATOR,
        "labels": _LABELS,
    },
    "flow_runs": {
        "parameters": st.sampled_from(({}, {"x": [1, 2], "when": "2026-10-01"})),
        "context": st.sampled_from(({}, {"source": "test"})),
        "empirical_policy": st.sampled_from(
            (
                None,
                {"retries": 2, "retry_delay": 10},
                {"max_retries": 3, "retry_delay_seconds": 5},
                {"pause_keys": ["p1"], "resuming": True, "retry_type": "reschedule"},
            )
        ),
        "job_variables": st.sampled_from((None, {"cpu": 2})),
        "infrastructure_pid": st.sampled_from((None, "4242")),
        "labels": _LABELS,
        "state": st.sampled_from(({"message": "all good"}, {"state_details": {"cache_key": "ck"}})),
    },
    "task_runs": {
        "cache_key": st.sampled_from((None, "ck-1")),
        "cache_expiration": st.sampled_from(_INSTANTS),
        "task_version": st.sampled_from((None, "1.2")),
        "flow_run_run_count": st.integers(0, 2),
        "empirical_policy": st.sampled_from(
            (
                None,
                {"retries": 1, "retry_delay": [1, 2], "retry_jitter_factor": 0.5},
                {"max_retries": 2, "retry_delay_seconds": 1.5},
            )
        ),
        "task_inputs": st.sampled_from(
            (
                None,
                {"x": [{"input_type": "parameter", "name": "a"}, {"input_type": "constant", "type": "int"}]},
                {"y": [{"input_type": "task_run", "id": "00000000-0000-4000-8000-00000000beef"}]},
            )
        ),
        "labels": _LABELS,
        "state": st.sampled_from(({"message": "done"},)),
    },
}


def extras(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the optional response-only fields of a `kind` record; shrinks toward none (``{}``)."""
    return st.fixed_dictionaries({}, optional=EXTRAS[kind])
