"""Deployment schedules in datasets: what loads, what is refused (with the field path), what comes back out.

The answers are pinned against Prefect by the ``dp_schedules`` conformance
cases; here the loader's checks and the dataset round trip.
"""

from __future__ import annotations

import pytest

from runfilter import DatasetError, Store

FLOW = {"id": "00000000-0000-4000-8000-0000000000f1", "name": "etl"}
DEPLOYMENT_ID = "00000000-0000-4000-8000-0000000000d1"


def _dataset(*schedules: object) -> dict:
    deployment = {"id": DEPLOYMENT_ID, "name": "d", "flow_id": FLOW["id"], "schedules": list(schedules)}
    return {"flows": [FLOW], "deployments": [deployment]}


def _schedules(store: Store) -> list[dict]:
    return store.query(f"deployments/{DEPLOYMENT_ID}/schedules", method="GET")


@pytest.mark.parametrize(
    ("schedule", "path", "reason"),
    [
        ({"schedule": {"interval": 0}}, "schedules[0].schedule", "greater than"),
        ({"schedule": {"interval": -5, "anchor_date": "2026-01-01"}}, "schedules[0].schedule", "greater than"),
        ({"schedule": {"cron": "* * * * *", "timezone": "Mars/Olympus"}}, "schedules[0].schedule", "Invalid timezone"),
        ({"schedule": {"rrule": "FREQ=DAILY", "extra": 1}}, "schedules[0].schedule", ""),
        ({"schedule": 86400}, "schedules[0].schedule", ""),
        ({"interval": 60}, "schedules[0]", "'schedule'"),
        ({"schedule": {"interval": 60}, "max_scheduled_runs": 0}, "schedules[0].max_scheduled_runs", "greater than"),
        ({"schedule": {"interval": 60}, "parameters": [1]}, "schedules[0].parameters", "dictionary"),
        ({"schedule": {"interval": 60}, "colour": "red"}, "schedules[0].colour", "unknown"),
        ({"schedule": {"interval": 60}, "id": "nope"}, "schedules[0].id", "UUID"),
    ],
)
def test_a_bad_schedule_is_refused_naming_it(schedule: dict, path: str, reason: str) -> None:
    with pytest.raises(DatasetError) as caught:
        Store.from_dataset(_dataset(schedule), now="2026-11-01T00:00:00Z")
    assert caught.value.path == f"deployments[0].{path}"
    assert reason in str(caught.value)


def test_slugs_are_unique_per_deployment() -> None:
    twice = {"schedule": {"interval": 60}, "slug": "s"}
    with pytest.raises(DatasetError) as caught:
        Store.from_dataset(_dataset(twice, twice), now="2026-11-01T00:00:00Z")
    assert caught.value.path == "deployments[0].schedules[1].slug"
    assert len(_schedules(Store.from_dataset(_dataset(twice, {**twice, "slug": None}), now="2026-11-01"))) == 2


def test_schedules_survive_a_dump_and_reload() -> None:
    store = Store.from_dataset(
        _dataset(
            {"schedule": {"interval": "PT1H30M"}, "slug": "a", "parameters": {"x": 1}, "active": False},
            {"schedule": {"cron": "0 * * * *", "timezone": "Europe/Paris"}},
            {"schedule": {"rrule": "FREQ=DAILY"}, "max_scheduled_runs": 2},
        ),
        now="2026-11-01T00:00:00Z",
    )
    again = Store.from_dataset(store.dump(), now="2030-01-01T00:00:00Z")
    assert _schedules(again) == _schedules(store)
    assert _schedules(store)[0]["schedule"] == {
        "interval": 5400.0,
        "anchor_date": "2026-11-01T00:00:00Z",
        "timezone": "UTC",
    }


def test_answers_are_copies() -> None:
    store = Store.from_dataset(_dataset({"schedule": {"interval": 60}, "parameters": {"x": 1}}), now="2026-11-01")
    _schedules(store)[0]["parameters"]["x"] = 2
    store.query(f"deployments/{DEPLOYMENT_ID}", method="GET")["schedules"][0]["schedule"]["interval"] = 1
    assert _schedules(store)[0]["parameters"] == {"x": 1}
    assert _schedules(store)[0]["schedule"]["interval"] == 60.0
