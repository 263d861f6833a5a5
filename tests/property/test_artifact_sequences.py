"""Artifacts under random inserts, upserts and deletes: the followed per-key collections stay the derived ones.

The store's collection structure is built first, so every later write has to
keep it up to date; after each step ``Store.check()`` compares it with a
fresh derivation, the naive engine (which derives afresh) must answer the
latest routes alike, and a reload of the dump must too
(docs/semantics.md#artifact-collections).
"""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from runfilter import Store
from runfilter.naive import naive_request

NOW = "2026-11-01T00:00:00Z"
FLOW = "00000000-0000-0000-000f-000000000001"
RUNS = [f"00000000-0000-0000-000e-{i:012x}" for i in range(1, 4)]
KEYS = ["report", "daily", "a1", None]
PROBES = [
    ("artifacts/latest/filter", {"sort": "KEY_ASC"}),
    ("artifacts/latest/filter", {"sort": "CREATED_DESC", "limit": 3}),
    ("artifacts/latest/count", {"flow_runs": {}}),
    ("artifacts/latest/count", {"artifacts": {"type": {"any_": ["markdown"]}}}),
    ("artifacts/filter", {"sort": "UPDATED_DESC"}),
    ("artifacts/count", {"flow_runs": {"name": {"any_": ["run-1"]}}}),
]


def _created(hour: int) -> str:
    return f"2026-10-01T{hour:02d}:00:00Z"


class ArtifactMachine(RuleBasedStateMachine):
    """A store of three runs and a few artifacts of few keys, under random writes."""

    def __init__(self) -> None:
        super().__init__()
        runs = [{"id": r, "name": f"run-{i}", "flow_id": FLOW} for i, r in enumerate(RUNS, 1)]
        self.store = Store.from_dataset({"flows": [{"id": FLOW, "name": "etl"}], "flow_runs": runs}, now=NOW)
        self.minted = 0
        self.store.request("artifacts/latest/count", {})  # build the followed collections now

    def ids(self, kind: str) -> list[str]:
        return sorted(self.store.tables[kind])

    def item(self, data: st.DataObject, artifact_id: str) -> dict:
        return {
            "id": artifact_id,
            "key": data.draw(st.sampled_from(KEYS)),
            "type": data.draw(st.sampled_from(["markdown", "table", None])),
            "flow_run_id": data.draw(st.sampled_from([None, *RUNS])),
            "created": _created(data.draw(st.integers(0, 3))),  # few instants: ties on created are common
        }

    @rule(data=st.data(), count=st.integers(1, 3))
    def insert(self, data: st.DataObject, count: int) -> None:
        items = []
        for _ in range(count):
            self.minted += 1
            items.append(self.item(data, str(uuid.UUID(int=self.minted))))
        self.store.insert({"artifacts": items})

    @rule(data=st.data())
    def upsert(self, data: st.DataObject) -> None:
        if self.ids("artifacts"):
            self.store.upsert({"artifacts": [self.item(data, data.draw(st.sampled_from(self.ids("artifacts"))))]})

    @rule(data=st.data())
    def delete_artifacts(self, data: st.DataObject) -> None:
        if self.ids("artifacts"):
            doomed = data.draw(st.lists(st.sampled_from(self.ids("artifacts")), min_size=1, max_size=2, unique=True))
            self.store.delete({"artifacts": doomed})

    @rule(data=st.data())
    def delete_a_run(self, data: st.DataObject) -> None:
        if self.ids("flow_runs"):
            self.store.delete({"flow_runs": [data.draw(st.sampled_from(self.ids("flow_runs")))]})

    @invariant()
    def consistent(self) -> None:
        self.store.check()
        rebuilt = Store.from_dataset(self.store.dump(), now=NOW)
        for endpoint, body in PROBES:
            planned = self.store.request(endpoint, body)
            assert planned == naive_request(self.store, endpoint, body), (endpoint, body)
            assert planned == rebuilt.request(endpoint, body), ("dump round trip", endpoint, body)


ArtifactMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestArtifactMachine = ArtifactMachine.TestCase
