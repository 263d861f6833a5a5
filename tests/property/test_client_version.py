"""The client-version rule agrees with PEP 440 as ``packaging`` implements it (the library Prefect uses)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runfilter.api.client_version import client_version_at_most, prefect_client_version
from runfilter.errors import ServerError

packaging_version = pytest.importorskip("packaging.version", reason="packaging (a pytest dependency) compares versions")

# what Prefect's User-Agent pattern lets through after "X.Y.Z": lower-case letters, digits, "." and "+"
SUFFIX_PARTS = st.sampled_from(
    [
        "a",
        "b",
        "c",
        "rc",
        "alpha",
        "beta",
        "pre",
        "preview",
        "post",
        "rev",
        "r",
        "dev",
        ".",
        "+",
        "0",
        "1",
        "7",
        "12",
        "x",
        "local",
        "abc",
    ]
)
VERSIONS = st.builds(
    lambda major, minor, patch, suffix: f"{major}.{minor}.{patch}{''.join(suffix)}",
    st.sampled_from([2, 3, 4]),
    st.sampled_from([2, 3, 4]),
    st.sampled_from([0, 6, 7, 8]),
    st.lists(SUFFIX_PARTS, max_size=5),
)


def _prefect(version: str) -> bool | str:
    try:
        return packaging_version.Version(version) <= packaging_version.Version("3.3.7")
    except packaging_version.InvalidVersion:
        return "500"


def _ours(version: str) -> bool | str:
    try:
        return client_version_at_most({"user-agent": f"prefect/{version} (API 0.8.4)"}, (3, 3, 7))
    except ServerError:
        return "500"


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(VERSIONS)
def test_at_most_3_3_7_as_packaging_says(version: str) -> None:
    assert prefect_client_version({"user-agent": f"prefect/{version} (API 1)"}) == version
    assert _ours(version) == _prefect(version)


@pytest.mark.parametrize(
    "agent",
    [
        "python-httpx/0.28.1",
        "Prefect/3.3.7 (API 0.8.4)",
        "prefect/3.3.7 (API 0.8.4) extra",
        "prefect/3.3.7",
        "",
        "prefect/3.3.7RC1 (API 1)",
    ],
)
def test_other_user_agents_are_no_prefect_client(agent: str) -> None:
    assert prefect_client_version({"user-agent": agent}) is None
    assert client_version_at_most({"user-agent": agent}, (3, 3, 7)) is False
