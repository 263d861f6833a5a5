"""Hypothesis strategies for flow-run inputs: records of given runs (Prefect has no input filter class)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..samples import instants, iso, record_id

#: Input keys (Prefect's alphabet: lowercase letters, digits, dashes); prefixes of one another for ``prefix``.
KEYS = ("response", "response-1", "response-2", "description", "schema", "a", "r3")
NAMES: tuple[str, ...] = ()
#: Values as Prefect's run-input helpers store them (JSON text) and plain text.
VALUES = ('{"value": 1}', '"yes"', "", "plain text", '{"name": "é"}')
#: Fields no filter reads but every response prints.
EXTRAS = {"sender": st.sampled_from((None, "prefect.flow-run.x", ""))}
#: Flow-run inputs have no filter class.
FILTER_SPEC = None
VOCABULARY: dict[str, Any] = {}
POOLS: dict[str, tuple[str, ...]] = {}


@st.composite
def flow_run_inputs(draw: st.DrawFn, run_id: str, index: int = 0, key: str | None = None) -> dict[str, Any]:
    """One input item of flow run `run_id`; shrinks toward the first key and no sender."""
    item = {
        "id": record_id("flow_run_inputs", index, draw(st.integers(0, 2**16))),
        "flow_run_id": run_id,
        "key": draw(st.sampled_from(KEYS)) if key is None else key,
        "value": draw(st.sampled_from(VALUES)),
        "created": iso(draw(instants())),
    }
    if draw(st.booleans()):
        item["sender"] = draw(EXTRAS["sender"])
    return item
