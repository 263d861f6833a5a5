"""runfilter: Prefect 3.9.1's query API, answered exactly, from indexed in-memory records.

>>> from runfilter import Store
>>> store = Store.from_dataset({"flows": [{"name": "etl"}], "flow_runs": []})
>>> store.request("flow_runs/count", {"flows": {"name": {"any_": ["etl"]}}})
(200, 0)

See :class:`Store` for the Python API and ``runfilter --help`` for the CLI.
"""

from .errors import BodyValidationError, DatasetError, NotFoundError, RequestError, RunfilterError, ServerError
from .store import Store

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
