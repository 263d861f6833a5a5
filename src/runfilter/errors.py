"""Exceptions raised by runfilter's Python API.

Every error names *where* the problem is (a dataset item and field such as
``flow_runs[3].flow_id``, or a request body path such as
``body.flow_runs.name.any_``) and *why*. The HTTP-shaped API
(:meth:`runfilter.Store.request`) never raises these for bad input: it
returns Prefect's status code and error body instead.
"""

from __future__ import annotations

from typing import Any


class RunfilterError(Exception):
    """Base class of every error runfilter raises on purpose."""


class DatasetError(RunfilterError, ValueError):
    """A dataset or record batch cannot be loaded; the store is left unchanged.

    ``path`` is the item and field (``flow_runs[3].flow_id``), ``reason`` says
    what is wrong with it.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RequestError(RunfilterError):
    """A request Prefect would refuse: carries Prefect's status and JSON body.

    Raised by the typed Python methods; :meth:`runfilter.Store.request`
    returns ``(status, payload)`` instead of raising.
    """

    def __init__(self, status: int, payload: Any, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.payload = payload


class BodyValidationError(RequestError):
    """The body failed validation (HTTP 422).

    ``errors`` holds Prefect's error dicts (``type``, ``loc``, ``msg``,
    ``input``, ``ctx``); the message names the first failing field path.
    """

    def __init__(self, status: int, payload: Any, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        if errors:
            first = errors[0]
            where = ".".join(str(part) for part in first["loc"])
            message = f"{where}: {first['msg']}"
            if len(errors) > 1:
                message += f" (and {len(errors) - 1} more)"
        else:
            message = str(payload.get("detail", payload)) if isinstance(payload, dict) else str(payload)
        super().__init__(status, payload, message)


class NotFoundError(RequestError):
    """Prefect would answer 404: an unknown path or a named object that does not exist."""


class ServerError(RequestError):
    """Prefect itself would fail with HTTP 500 on this request and data.

    runfilter reproduces these failures (for example history over a run with
    no state) instead of inventing an answer.
    """


#: The body Prefect answers with HTTP 500.
INTERNAL_SERVER_ERROR = {"exception_message": "Internal Server Error"}


def prefect_500(reason: str) -> ServerError:
    """The :class:`ServerError` of a request Prefect itself fails with HTTP 500, `reason` saying why."""
    return ServerError(500, INTERNAL_SERVER_ERROR, f"Prefect would fail with HTTP 500: {reason}")
