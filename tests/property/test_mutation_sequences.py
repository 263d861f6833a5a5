"""Random sequences of inserts, upserts and deletes keep every index, map and answer consistent.

After each step: ``Store.check()`` (unique maps, built indexes, references),
the planned engine answers like the naive engine, and a store rebuilt from
``dump()`` answers like the mutated one. Failed operations must leave the
store exactly as it was.
"""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from runfilter import DatasetError, Store, synthetic
from runfilter.entities import DATASET_KEYS
from runfilter.export import dump_dataset
from runfilter.naive import naive_request

#: Every kind but flow runs (an export of one run passes the other tables empty).
KINDS = tuple(kind for kind in DATASET_KEYS if kind != "flow_runs")

STATES = ["SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]
TAGS = ["tag-00", "tag-01", "tag-02", "x"]
PROBES = [
    ("flow_runs/count", {}),
    ("flow_runs/count", {"flow_runs": {"state": {"type": {"any_": ["COMPLETED", "FAILED"]}}}}),
    ("flow_runs/filter", {"flow_runs": {"tags": {"all_": ["tag-00"]}}, "sort": "EXPECTED_START_TIME_DESC", "limit": 7}),
    ("flow_runs/filter", {"deployments": {}, "sort": "NAME_ASC", "limit": 5, "offset": 2}),
    ("flow_runs/count", {"flows": {"name": {"like_": "etl"}}, "deployments": {"paused": {"eq_": False}}}),
    ("flow_runs/count", {"work_pools": {"name": {"any_": ["process-pool"]}}}),
    ("flow_runs/count", {"flow_runs": {"parent_task_run_id": {"is_null_": False}}}),
    ("task_runs/count", {"flow_runs": {"state": {"type": {"any_": ["FAILED", "RUNNING"]}}}}),
    (
        "task_runs/filter",
        {"task_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "sort": "DURATION_DESC", "limit": 5},
    ),
    ("flows/count", {"deployments": {}}),
    ("deployments/filter", {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}),
    ("work_queues/filter", {}),
    ("work_pools/filter", {}),
    (
        "flow_runs/history",
        {
            "history_start": "2026-10-01T00:00:00Z",
            "history_end": "2026-10-31T00:00:00Z",
            "history_interval_seconds": 86400 * 3,
        },
    ),
]


class StoreMachine(RuleBasedStateMachine):
    """A small synthetic store under random mutations."""

    def __init__(self) -> None:
        super().__init__()
        self.store = Store.from_dataset(
            synthetic.generate(25, task_runs_per_run=2, seed=5, n_flows=6, n_deployments=4), now=synthetic.NOW, seed=1
        )
        self.minted = 0  # ids of inserted runs: fresh ones, never drawn twice
        for indexes in self.store.indexes.values():  # build every index so all are maintained
            for name in indexes._factories:
                indexes.get(name)

    def ids(self, kind: str) -> list[str]:
        return sorted(self.store.tables[kind])

    @rule(
        data=st.data(),
        state=st.sampled_from(STATES),
        tags=st.lists(st.sampled_from(TAGS), max_size=3),
        hours=st.integers(0, 24 * 30),
    )
    def insert_flow_run(self, data, state, tags, hours) -> None:
        flow = data.draw(st.sampled_from(self.ids("flows"))) if self.ids("flows") else None
        if flow is None:
            return
        deployment = data.draw(st.sampled_from([None, *self.ids("deployments")]))
        queue = data.draw(st.sampled_from([None, *self.ids("work_queues")]))
        self.minted += 1
        run_id = str(uuid.UUID(int=self.minted))
        self.store.insert(
            {
                "flow_runs": [
                    {
                        "id": run_id,
                        "name": f"run-{hours % 7}",
                        "flow_id": flow,
                        "deployment_id": deployment,
                        "work_queue_id": queue,
                        "state_type": state,
                        "tags": tags,
                        "expected_start_time": f"2026-10-{1 + hours // 24:02d}T{hours % 24:02d}:00:00Z",
                        "start_time": None
                        if state in ("SCHEDULED", "PENDING")
                        else f"2026-10-{1 + hours // 24:02d}T{hours % 24:02d}:00:30Z",
                    }
                ],
                "task_runs": [{"name": "t", "flow_run_id": run_id, "state_type": "COMPLETED"}],
            }
        )

    @rule(data=st.data(), state=st.sampled_from(STATES), tags=st.lists(st.sampled_from(TAGS), max_size=3))
    def upsert_flow_run(self, data, state, tags) -> None:
        if not self.ids("flow_runs"):
            return
        run = self.store.tables["flow_runs"][data.draw(st.sampled_from(self.ids("flow_runs")))]
        flow = data.draw(st.sampled_from(self.ids("flows")))
        item = dump_dataset({"flow_runs": {run.id: run}, **{k: {} for k in KINDS}})["flow_runs"][0]
        item.update(
            state_type=state,
            state_name=None,
            state_timestamp=None,
            tags=tags,
            flow_id=flow,
            state=None,
            idempotency_key=None,
        )
        self.store.upsert({"flow_runs": [item]})

    @rule(data=st.data(), kind=st.sampled_from(["flows", "deployments", "flow_runs", "task_runs", "work_pools"]))
    def delete_some(self, data, kind) -> None:
        ids = self.ids(kind)
        if not ids:
            return
        doomed = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        self.store.delete({kind: doomed})

    @rule(data=st.data())
    def failing_batch_changes_nothing(self, data) -> None:
        before = self.store.dump()
        bad_flow = {"name": "broken", "id": str(uuid.UUID(int=data.draw(st.integers(1, 2**64))))}
        try:
            self.store.insert({"flows": [bad_flow], "flow_runs": [{"flow_id": "00000000-0000-0000-0000-00000000dead"}]})
        except DatasetError:
            pass
        else:
            raise AssertionError("a dangling flow_id was accepted")
        assert self.store.dump() == before

    @invariant()
    def consistent(self) -> None:
        self.store.check()
        rebuilt = Store.from_dataset(self.store.dump(), now=synthetic.NOW)
        for endpoint, body in PROBES:
            planned = self.store.request(endpoint, body)
            assert planned == naive_request(self.store, endpoint, body), (endpoint, body)
            assert planned == rebuilt.request(endpoint, body), ("dump round trip", endpoint, body)


StoreMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestStoreMachine = StoreMachine.TestCase
