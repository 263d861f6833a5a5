"""Concurrency limits: the v1 reads (``/concurrency_limits/...``) and the v2 reads (``/v2/concurrency_limits/...``).

Datasets carry no tag limits and no global limits of their own, but a
deployment with a ``concurrency_limit`` has one: the ``deployment:<id>``
global (v2) limit Prefect creates for it, kept on the deployment record as
``global_concurrency_limit`` (docs/semantics.md#unheld-kinds). So:

* v1 routes list and read only ``tag:`` limits: ``/concurrency_limits/filter``
  is ``[]`` and both reads 404 ``Concurrency limit not found``, a deployment
  limit's own id included;
* ``/v2/concurrency_limits/filter`` lists the deployment limits by name;
  ``GET /v2/concurrency_limits/{id_or_name}`` reads one by id (any text
  Python's ``uuid.UUID`` reads, else the text is a name matched exactly),
  else 404 ``Concurrency Limit not found``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from ..api.params import OFFSET, Params
from ..api.route import Context, Route
from ..errors import NotFoundError
from ._common import empty_list, not_found

#: The prefix of the name of a deployment's limit.
DEPLOYMENT_PREFIX = "deployment:"
_V1_NOT_FOUND = {"detail": "Concurrency limit not found"}


def _limits(ctx: Context) -> Iterator[dict[str, Any]]:
    for deployment in ctx.tables["deployments"].values():
        if deployment.global_concurrency_limit is not None:
            yield deployment.global_concurrency_limit


def _render(limit: dict[str, Any]) -> dict[str, Any]:
    """A limit as Prefect answers it (a copy: callers may change it).

    A deployment's limit starts with no slot held and no decay, so the slots
    left after decay are the stored 0.
    """
    return dict(limit)


def _v2_filter(ctx: Context, v: dict[str, Any]) -> list[dict[str, Any]]:
    """``/v2/concurrency_limits/filter``: the deployment limits by name, paged."""
    # names are "deployment:<canonical uuid>": ASCII, so Python's order is the database's binary one
    rows = sorted(_limits(ctx), key=lambda limit: limit["name"])
    return [_render(limit) for limit in rows[v["offset"] : v["offset"] + v["limit"]]]


def _v2_read(ctx: Context, v: dict[str, Any]) -> dict[str, Any]:
    """``GET /v2/concurrency_limits/{id_or_name}``: one limit by id, else by exact name."""
    text = ctx.path_params["id_or_name"]
    found = None
    try:
        limit_id = str(uuid.UUID(text))
    except ValueError:
        if text.startswith(DEPLOYMENT_PREFIX):
            deployment = ctx.engine.record("deployments", text[len(DEPLOYMENT_PREFIX) :])
            limit = deployment.global_concurrency_limit if deployment is not None else None
            found = limit if limit is not None and limit["name"] == text else None
    else:
        # a limit's id is derived from its deployment's and cannot be read back: look through them
        found = next((limit for limit in _limits(ctx) if limit["id"] == limit_id), None)
    if found is None:
        raise NotFoundError(404, {"detail": "Concurrency Limit not found"}, f"no concurrency limit {text!r}")
    return _render(found)


#: The concurrency-limit read routes, v1 and v2.
ROUTES = (
    Route("POST", "/concurrency_limits/filter", empty_list, Params((OFFSET,), True)),
    Route("GET", "/concurrency_limits/{id:uuid}", not_found(_V1_NOT_FOUND)),
    Route("GET", "/concurrency_limits/tag/{tag}", not_found(_V1_NOT_FOUND)),
    Route("POST", "/v2/concurrency_limits/filter", _v2_filter, Params((OFFSET,), True)),
    Route("GET", "/v2/concurrency_limits/{id_or_name}", _v2_read),
)

__all__ = ["DEPLOYMENT_PREFIX", "ROUTES"]
