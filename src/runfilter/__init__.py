"""runfilter: Prefect 3.9.1's query API, answered exactly, from indexed in-memory records.

>>> from runfilter import Store
>>> store = Store.from_dataset({"flows": [{"name": "etl"}], "flow_runs": []})
>>> store.request("flow_runs/count", {"flows": {"name": {"any_": ["etl"]}}})
(200, 0)

See :class:`Store` for the Python API and ``runfilter --help`` for the CLI.
"""

from typing import TYPE_CHECKING, Any

from .errors import BodyValidationError, DatasetError, NotFoundError, RequestError, RunfilterError, ServerError

if TYPE_CHECKING:
    from .store import Store


def __getattr__(name: str) -> Any:
    # The store pulls in every route and Prefect model (~0.3 s); importing the package (which
    # pytest does for the plugin in every run) should not pay for it until a Store is used.
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(f"module 'runfilter' has no attribute {name!r}")

__version__ = "0.1.0"

__all__ = [
    "BodyValidationError",
    "DatasetError",
    "NotFoundError",
    "RequestError",
    "RunfilterError",
    "ServerError",
    "Store",
    "__version__",
]
