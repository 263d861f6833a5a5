"""runfilter's pytest plugin (registered through the ``pytest11`` entry point): stores as fixtures.

Fixtures, all function-scoped (a new store per test; an empty one costs
microseconds):

``runfilter_store``
    A fresh :class:`~runfilter.Store`. Mark the test with
    ``@pytest.mark.runfilter(dataset=..., now=..., strict=True)`` to load it
    first; ``dataset`` is a mapping in the oracle's dataset format or the
    path of such a JSON file (relative paths are taken from the test file's
    directory; a file is parsed once per process). ``shared=True`` loads the
    dataset once per process and hands every marked test that store, rolled
    back after the test to the loaded state (O(changes the test made)): for
    large datasets read by many tests.
``runfilter_store_from``
    A factory: ``runfilter_store_from(dataset_or_path, now=None, strict=True)``
    returns a new store, e.g. for several stores in one test or for data a
    test builds (from :mod:`runfilter.strategies`, :mod:`runfilter.synthetic`
    or by hand).
``runfilter_prefect``
    Prefect's client (``get_client()``, ``PrefectClient``,
    ``SyncPrefectClient``) answered by ``runfilter_store`` for the test:
    yields a :class:`~runfilter.transport.RunfilterAPI` (``.store``,
    ``.url``). No server, no port, no ``PREFECT_HOME`` or environment change;
    see :func:`runfilter.transport.use_store_for_prefect`. Needs ``prefect``
    and ``httpx`` installed.

Importing this module (which every pytest run in an environment with
runfilter does) imports neither Prefect nor httpx, nor the engine: a run that
uses no runfilter fixture does not pay for it. A test marked ``runfilter``
that requests no runfilter fixture gets a :class:`RunfilterMarkerWarning`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .store import Store
    from .transport import RunfilterAPI

#: Parsed dataset files by (path, mtime, size): tests sharing a file parse it once.
_PARSED: dict[tuple[str, int, int], Any] = {}

DatasetSource = Mapping[str, Any] | str | os.PathLike


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``runfilter`` marker."""
    config.addinivalue_line(
        "markers",
        "runfilter(dataset=None, now=None, strict=True, shared=False): data (mapping or JSON file, relative to "
        "the test file) and frozen clock of the runfilter_store fixture; shared=True loads the dataset once per "
        "process and rolls the store back after each test",
    )


#: The fixtures the ``runfilter`` marker configures (one of them must be requested for it to mean anything).
_MARKED_FIXTURES = frozenset({"runfilter_store", "runfilter_prefect"})


class RunfilterMarkerWarning(pytest.PytestWarning):
    """A test marked ``@pytest.mark.runfilter`` requests no fixture that reads the marker."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Warn about marked tests that use no runfilter fixture: their data would silently go nowhere
    (a Prefect client there talks to Prefect's own ephemeral server, empty)."""
    for item in items:
        if item.get_closest_marker("runfilter") is None:
            continue
        if not _MARKED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.warn(
                RunfilterMarkerWarning(
                    "@pytest.mark.runfilter has no effect here: the test requests neither runfilter_store nor "
                    "runfilter_prefect, so its dataset is not loaded (and a Prefect client would not use runfilter)"
                )
            )


def read_dataset(source: DatasetSource, base_dir: str | os.PathLike | None = None) -> Mapping[str, Any]:
    """`source` itself if it is a mapping, else the dataset in that JSON file (cached while unchanged)."""
    if isinstance(source, Mapping):
        return source
    path = Path(source)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        _PARSED[key] = json.loads(path.read_text())
    return _PARSED[key]


def _test_dir(request: pytest.FixtureRequest) -> Path:
    return Path(str(request.node.path)).parent


@pytest.fixture
def runfilter_store_from(request: pytest.FixtureRequest) -> Callable[..., Store]:
    """Factory fixture: ``runfilter_store_from(dataset_or_path, now=None, strict=True) -> Store``."""
    base_dir = _test_dir(request)

    def make(source: DatasetSource, now: Any = None, strict: bool = True) -> Store:
        from .store import Store

        return Store.from_dataset(read_dataset(source, base_dir), now=now, strict=strict)

    return make


#: Stores loaded for ``shared=True`` markers, by (dataset, now, strict): one per process.
_SHARED: dict[tuple[Any, ...], Store] = {}


@pytest.fixture
def runfilter_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A new store for this test, loaded from the test's ``runfilter`` marker if it has one.

    With ``shared=True`` the marker's dataset is loaded once per process and
    every test gets that store rolled back to the loaded state after it
    (:meth:`~runfilter.Store.snapshot`/:meth:`~runfilter.Store.restore`,
    O(changes the test made)).
    """
    from .store import Store

    marker = request.node.get_closest_marker("runfilter")
    options = dict(marker.kwargs) if marker is not None else {}
    if marker is not None and marker.args:
        options.setdefault("dataset", marker.args[0])
    unknown = set(options) - {"dataset", "now", "strict", "shared"}
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.runfilter: unknown argument(s) {sorted(unknown)}")
    dataset, now, strict = options.get("dataset"), options.get("now"), options.get("strict", True)
    if dataset is None:
        yield Store(now=now)
        return
    if not options.get("shared"):
        yield Store.from_dataset(read_dataset(dataset, _test_dir(request)), now=now, strict=strict)
        return
    # a file by its resolved path, a mapping by identity (module-level constants live as long as the run)
    source = dataset if isinstance(dataset, Mapping) else str((_test_dir(request) / dataset).resolve())
    key = (id(source) if isinstance(source, Mapping) else source, now, strict)
    store = _SHARED.get(key)
    if store is None:
        store = _SHARED[key] = Store.from_dataset(read_dataset(source), now=now, strict=strict)
    snapshot = store.snapshot()
    try:
        yield store
    finally:
        store.restore(snapshot)


@pytest.fixture
def runfilter_prefect(runfilter_store: Store) -> Iterator[RunfilterAPI]:
    """Prefect's client answered by ``runfilter_store`` for the duration of the test."""
    pytest.importorskip("prefect", reason="the runfilter_prefect fixture needs the prefect package")
    from .transport import use_store_for_prefect

    with use_store_for_prefect(runfilter_store) as api:
        yield api
