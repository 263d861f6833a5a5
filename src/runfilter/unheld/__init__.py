"""Read routes of record kinds runfilter does not hold yet: Prefect's answers for a database holding none.

Datasets cannot carry logs, artifacts, variables, events,
blocks, concurrency limits, saved searches, workers or flow-run inputs yet
(the loader refuses them), so for every store the truthful answer to a read
of such a kind is Prefect's answer for a database holding none of it: an
empty list, a zero count, a 404 for one record (docs/semantics.md#unheld-kinds).
What must still be exact is everything else Prefect does with the request:
the body's validation (the kind's filter models, mirrored here), query and
path parameters, the 404s of the records a route *does* look up (a pool, a
flow run), and the status codes. Writes to these kinds answer 501.

One module per kind; each lists its routes in ``ROUTES`` and is found here
by name, so adding one is adding a file. When a kind becomes held, its
module moves to ``entities/<kind>/``.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..api.route import Route


def _routes() -> tuple[Route, ...]:
    found: list[Route] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        found.extend(importlib.import_module(f"{__name__}.{module.name}").ROUTES)
    return tuple(found)


#: Every route of this package.
ROUTES: tuple[Route, ...] = _routes()

__all__ = ["ROUTES"]
