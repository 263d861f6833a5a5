"""Prefect's client, open on Prefect's own server (the oracle) and on runfilter, both holding one dataset.

The differential client tests of ``tests/prefect_client`` subclass :class:`OpenClients` and add the way
they compare a call's answers.
"""

from __future__ import annotations

from typing import Any

import httpx
from prefect.client.orchestration import PrefectClient, get_client

from runfilter import Store
from runfilter.synthetic import NOW
from runfilter.transport import use_store_for_prefect


class OpenClients:
    """An async client on the oracle, an async client on runfilter (which also answers ``get_client()`` while
    open) and, with `sync`, a sync client on runfilter; :meth:`close` closes them in reverse order."""

    def __init__(self, oracle: Any, dataset: dict[str, Any], sync: bool = False) -> None:
        self.oracle = oracle
        oracle.run(oracle.oracle.load(dataset))
        self._store_context = use_store_for_prefect(Store.from_dataset(dataset, now=NOW))
        self._store_context.__enter__()
        transport = httpx.ASGITransport(app=oracle.app, raise_app_exceptions=False)
        self.on_prefect = PrefectClient("http://prefect-oracle.invalid/api", httpx_settings={"transport": transport})
        self.on_runfilter = get_client()
        oracle.run(self.on_prefect.__aenter__())
        oracle.run(self.on_runfilter.__aenter__())
        self.sync_on_runfilter = get_client(sync_client=True) if sync else None
        if self.sync_on_runfilter is not None:
            self.sync_on_runfilter.__enter__()

    def close(self) -> None:
        """Close every client, then stop answering ``get_client()`` from runfilter."""
        if self.sync_on_runfilter is not None:
            self.sync_on_runfilter.__exit__(None, None, None)
        self.oracle.run(self.on_runfilter.__aexit__(None, None, None))
        self.oracle.run(self.on_prefect.__aexit__(None, None, None))
        self._store_context.__exit__(None, None, None)
