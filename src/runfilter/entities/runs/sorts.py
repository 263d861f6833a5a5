"""The sort options flow runs and task runs share (docs/semantics.md#sort-keys)."""

from __future__ import annotations

from ...query.sorting import Sort, by

#: Options both run kinds have, by Prefect's name, in the order of Prefect's enums.
EXPECTED_START_AND_NAME: dict[str, Sort] = {
    "EXPECTED_START_TIME_ASC": by("expected_start_time", False),
    "EXPECTED_START_TIME_DESC": by("expected_start_time", True),
    "NAME_ASC": by("name", False),
    "NAME_DESC": by("name", True),
    "NEXT_SCHEDULED_START_TIME_ASC": by("next_scheduled_start_time", False),
    "END_TIME_DESC": by("end_time", True),
}
ID_DESC = by("id", True)
