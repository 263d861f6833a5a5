"""How deployments can be sorted: Prefect's ``DeploymentSort``, with ``FlowSort``'s options.

docs/semantics.md#sort-keys
"""

from __future__ import annotations

from ...query.sorting import Sort, sort_enum
from ..flows.sorts import SORTS as FLOW_SORTS

#: Each sort option by name: a deployment sorts by its own name and timestamps, as a flow does.
SORTS: dict[str, Sort] = dict(FLOW_SORTS)
#: Prefect's ``DeploymentSort``: the ``sort`` a deployment body may give.
DeploymentSort = sort_enum("DeploymentSort", SORTS)
