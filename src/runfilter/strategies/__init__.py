"""Hypothesis strategies for runfilter's inputs: datasets, filters and whole request bodies.

Shipped like ``hypothesis.extra`` modules: plain functions that return
strategies, for property-based tests of runfilter (or of anything else that
answers Prefect's query API, e.g. a real Prefect server).

**Importing this module requires Hypothesis**, which is part of runfilter's
``test`` extra (``pip install "runfilter[test]"``), not a runtime dependency.

Data (the oracle's dataset format, Prefect's field names):

* :func:`datasets` — flows, work pools and queues, deployments, flow runs and
  task runs with valid references, Prefect-consistent states and times,
  optional orphans, dangling deployment ids, subflows and NULLs; shrinks
  toward the empty dataset, then fewer records.
* per-kind records: :func:`flows`, :func:`work_pools`, :func:`work_queues`,
  :func:`deployments`, :func:`flow_runs`, :func:`task_runs`, and
  :func:`run_states` for the state/time fields alone; each shrinks toward its
  plainest record (no tags, no links, the grid start).
* :data:`NOW` is the clock the data are built around: give it to the store
  (``Store.from_dataset(ds, now=NOW)``) and to Prefect.

Filters (JSON, as sent in bodies), every field and operator of each class,
operands taken from `dataset` when one is given; all shrink toward ``{}``:
:func:`flow_filters`, :func:`flow_run_filters`, :func:`task_run_filters`,
:func:`deployment_filters`, :func:`work_pool_filters`,
:func:`work_queue_filters`, or :func:`filters` by body key.

Requests: :func:`bodies` (one endpoint of :data:`ENDPOINTS`, shrinks toward
``{}``), :func:`request_paths` (fills the pool name of
``work_pools/{name}/queues/filter`` and ``work_pools/{name}/workers/filter``) and :func:`requests` (both, as a corpus
case).

>>> from hypothesis import given
>>> from runfilter import Store
>>> from runfilter.strategies import NOW, datasets
>>> @given(datasets())
... def test_loads(ds):
...     Store.from_dataset(ds, now=NOW)
"""

from ..entities.deployments.strategies import deployments
from ..entities.flow_runs.strategies import flow_runs
from ..entities.flows.strategies import flows
from ..entities.runs.strategies import run_states
from ..entities.samples import GRID_START, NOW, instants
from ..entities.task_runs.strategies import task_runs
from ..entities.work_pools.strategies import work_pools
from ..entities.work_queues.strategies import work_queues
from ._bodies import ENDPOINTS, FILTER_KEYS, POOL_QUEUES, POOL_WORKERS, SORTS, bodies, request_paths, requests
from ._dataset import datasets
from ._filters import (
    FILTER_SPECS,
    deployment_filters,
    filters,
    flow_filters,
    flow_run_filters,
    task_run_filters,
    work_pool_filters,
    work_queue_filters,
)
from ._values import Vocabulary, vocabulary

__all__ = [
    "ENDPOINTS",
    "FILTER_KEYS",
    "FILTER_SPECS",
    "GRID_START",
    "NOW",
    "POOL_QUEUES",
    "POOL_WORKERS",
    "SORTS",
    "Vocabulary",
    "bodies",
    "datasets",
    "deployment_filters",
    "deployments",
    "filters",
    "flow_filters",
    "flow_run_filters",
    "flow_runs",
    "flows",
    "instants",
    "request_paths",
    "requests",
    "run_states",
    "task_run_filters",
    "task_runs",
    "vocabulary",
    "work_pool_filters",
    "work_pools",
    "work_queue_filters",
    "work_queues",
]
