"""The Prefect client version a request comes from, read from its ``User-Agent`` as Prefect reads it.

Prefect's client sends ``User-Agent: prefect/<version> (API <api version>)``.
Prefect 3.9.1 takes the version from a header matching exactly that shape
and, on some routes, shapes its answer for old clients
(docs/semantics.md#client-version). It compares versions by PEP 440; a
header that matches the shape but is not a PEP 440 version makes those
routes fail with 500, which :func:`client_version_at_most` reproduces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import INTERNAL_SERVER_ERROR, ServerError

# the User-Agent shape Prefect accepts: "prefect/3.3.7 (API 0.8.4)", lower-case suffixes only
_USER_AGENT = re.compile(r"prefect/(\d+\.\d+\.\d+(?:[a-z.+0-9]+)?) \(API \S+\)")

# PEP 440 (lower case, the only case the User-Agent shape lets through): release,
# then optional pre-release, post-release, development release and local label.
_PEP440 = re.compile(
    r"""
    (?P<release>\d+(?:\.\d+)*)
    (?:[-_.]?(?P<pre>a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?
    (?P<post>-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?
    (?:[-_.]?(?P<dev>dev)[-_.]?\d*)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    """,
    re.VERBOSE,
)


def prefect_client_version(headers: Mapping[str, str]) -> str | None:
    """The version in a Prefect client's ``User-Agent`` (`headers` by lower-case name), else None."""
    found = _USER_AGENT.fullmatch(headers.get("user-agent", ""))
    return found.group(1) if found else None


def client_version_at_most(headers: Mapping[str, str], ceiling: tuple[int, ...]) -> bool:
    """Whether the request comes from a Prefect client of version ≤ `ceiling` (by PEP 440).

    False without a Prefect ``User-Agent``. A version the header shape lets
    through but PEP 440 refuses (``3.3.7xyz``) raises Prefect's 500.
    Pre-releases and development releases of the ceiling are below it;
    post-releases and local versions of it are above.
    """
    version = prefect_client_version(headers)
    if version is None:
        return False
    parsed = _PEP440.fullmatch(version)
    if parsed is None:
        raise ServerError(500, INTERNAL_SERVER_ERROR, f"invalid Prefect client version {version!r} (HTTP 500)")
    release = _trimmed(tuple(int(part) for part in parsed.group("release").split(".")))
    target = _trimmed(ceiling)
    if release != target:
        return release < target
    if parsed.group("pre") is not None:
        return True
    if parsed.group("post") is not None or parsed.group("local") is not None:
        return False
    return True  # the ceiling itself, or its development release


def _trimmed(release: tuple[int, ...]) -> tuple[int, ...]:
    # PEP 440 compares releases as if padded with zeros: 3.3.7.0 == 3.3.7
    end = len(release)
    while end > 1 and release[end - 1] == 0:
        end -= 1
    return release[:end]


__all__ = ["client_version_at_most", "prefect_client_version"]
