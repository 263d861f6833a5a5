"""Variables, saved searches and flow-run inputs: what a dataset may hold, the errors that name the bad
field, export, and deletes (docs/semantics.md#variables, #saved-searches, #flow-run-inputs).

The accepted and refused items below were checked against the oracle's loader (Prefect 3.9.1's
``VariableCreate``, ``SavedSearchCreate`` and ``FlowRunInput`` models).
"""

from __future__ import annotations

import pytest

from runfilter import DatasetError, Store

FLOW = "00000000-0000-4000-8001-000000000001"
RUN = "00000000-0000-4000-8005-000000000001"
OTHER_RUN = "00000000-0000-4000-8005-000000000002"
NOW = "2026-11-01T00:00:00Z"


def runs() -> dict:
    return {
        "flows": [{"id": FLOW, "name": "f"}],
        "flow_runs": [{"id": RUN, "flow_id": FLOW, "name": "r1"}, {"id": OTHER_RUN, "flow_id": FLOW, "name": "r2"}],
    }


def refused(dataset: dict) -> DatasetError:
    store = Store(now=NOW)
    with pytest.raises(DatasetError) as info:
        store.load(dataset)
    assert store.dump() == Store(now=NOW).dump(), "a refused dataset leaves the store as it was"
    return info.value


# ---------------------------------------------------------------- variables


@pytest.mark.parametrize(
    "name",
    ["region", "a-b_c", "", "abc\n", "a" * 255, "9"],
    ids=["plain", "dash-underscore", "empty", "trailing-newline", "255-chars", "digit"],
)
def test_variable_names_prefect_accepts(name: str) -> None:
    store = Store.from_dataset({"variables": [{"name": name, "value": 1}]}, now=NOW)
    assert store.request("variables/count", {}) == (200, 1)


@pytest.mark.parametrize(
    ("item", "path", "reason"),
    [
        ({"name": "Abc", "value": 1}, "variables[0].name", "lowercase letters"),
        ({"name": "a b", "value": 1}, "variables[0].name", "lowercase letters"),
        ({"name": "a" * 256, "value": 1}, "variables[0].name", "at most 255"),
        ({"name": 5, "value": 1}, "variables[0].name", "valid string"),
        ({"value": 1}, "variables[0].name", "required"),
        ({"name": "a"}, "variables[0].value", "required"),
        ({"name": "a", "value": 1, "tags": None}, "variables[0].tags", "list of strings"),
        ({"name": "a", "value": 1, "tags": ["x", 1]}, "variables[0].tags", "list of strings"),
        ({"name": "a", "value": "x" * 4999}, "variables[0].value", "less than 5000"),
        ({"name": "a", "value": 2**64}, "variables[0].value", "serializable"),
        ({"name": "a", "value": 1, "description": "x"}, "variables[0]", "unknown field"),
    ],
    ids=[
        "uppercase",
        "space",
        "too-long",
        "not-text",
        "no-name",
        "no-value",
        "null-tags",
        "tag-not-text",
        "value-too-long",
        "int-past-64-bits",
        "unknown-field",
    ],
)
def test_variables_prefect_refuses(item: dict, path: str, reason: str) -> None:
    error = refused({"variables": [item]})
    assert error.path == path
    assert reason in error.reason


def test_a_null_value_is_a_value_and_the_longest_value_fits() -> None:
    dataset = {"variables": [{"name": "a", "value": None}, {"name": "b", "value": "x" * 4998}]}
    store = Store.from_dataset(dataset, now=NOW)
    status, found = store.request("variables/name/a", method="GET")
    assert (status, found["value"], found["tags"]) == (200, None, [])


def test_variable_names_are_unique_in_the_batch_and_against_the_store() -> None:
    error = refused({"variables": [{"name": "a", "value": 1}, {"name": "a", "value": 2}]})
    assert error.path == "variables[1].name"
    store = Store.from_dataset({"variables": [{"name": "a", "value": 1}]}, now=NOW)
    with pytest.raises(DatasetError) as info:
        store.insert({"variables": [{"name": "a", "value": 2}]})
    assert info.value.path == "variables[0].name"
    assert store.request("variables/count", {}) == (200, 1)


def test_variables_default_their_stamps_and_keep_json_values_as_given() -> None:
    value = {"k": [1, 2.5, None, True], "n": {"m": "é"}}
    store = Store.from_dataset({"variables": [{"name": "a", "value": value, "created": "2026-10-01T00:00:00Z"}]})
    _, [found] = store.request("variables/filter", {})
    assert found["value"] == value
    assert found["created"] == found["updated"] == "2026-10-01T00:00:00Z"


# ---------------------------------------------------------------- saved searches


def test_saved_search_filters_keep_prefects_five_keys_and_drop_the_rest() -> None:
    search = {"object": "flow", "property": "tags", "type": "tag", "operation": "and", "value": None, "x": 1}
    store = Store.from_dataset({"saved_searches": [{"name": "S", "filters": [search]}, {"name": "T"}]}, now=NOW)
    _, found = store.request("saved_searches/filter", {})
    assert [s["filters"] for s in found] == [[{k: v for k, v in search.items() if k != "x"}], []]


@pytest.mark.parametrize(
    ("item", "path", "reason"),
    [
        ({"filters": []}, "saved_searches[0].name", "required"),
        ({"name": "a", "filters": None}, "saved_searches[0].filters", "valid list"),
        ({"name": "a", "filters": [{"object": "o", "property": "p", "type": "t", "operation": "x"}]}, "", "value"),
        ({"name": "a", "filters": ["x"]}, "saved_searches[0].filters", ""),
    ],
    ids=["no-name", "null-filters", "filter-without-value", "filter-not-an-object"],
)
def test_saved_searches_prefect_refuses(item: dict, path: str, reason: str) -> None:
    error = refused({"saved_searches": [item]})
    assert error.path == (path or "saved_searches[0].filters")
    assert reason in error.reason


def test_saved_search_names_are_unique() -> None:
    error = refused({"saved_searches": [{"name": "a"}, {"name": "a"}]})
    assert error.path == "saved_searches[1].name"


# ---------------------------------------------------------------- flow-run inputs


def test_input_keys_are_unique_per_flow_run_only() -> None:
    inputs = [
        {"flow_run_id": RUN, "key": "response", "value": "1"},
        {"flow_run_id": OTHER_RUN, "key": "response", "value": "2"},
        {"flow_run_id": RUN, "key": "ab\n", "value": ""},
    ]
    store = Store.from_dataset({**runs(), "flow_run_inputs": inputs}, now=NOW)
    assert store.request(f"flow_runs/{OTHER_RUN}/input/response", method="GET") == (200, "2")
    error = refused({**runs(), "flow_run_inputs": [*inputs, {"flow_run_id": RUN, "key": "response", "value": "3"}]})
    assert error.path == "flow_run_inputs[3].key"


@pytest.mark.parametrize(
    ("item", "path", "reason"),
    [
        ({"key": "a", "value": "v"}, "flow_run_inputs[0].flow_run_id", "required"),
        ({"flow_run_id": FLOW, "key": "a", "value": "v"}, "flow_run_inputs[0].flow_run_id", "no flow run"),
        ({"flow_run_id": RUN, "key": "A", "value": "v"}, "flow_run_inputs[0].key", "lowercase letters"),
        ({"flow_run_id": RUN, "key": "a_b", "value": "v"}, "flow_run_inputs[0].key", "dashes"),
        ({"flow_run_id": RUN, "value": "v"}, "flow_run_inputs[0].key", "required"),
        ({"flow_run_id": RUN, "key": "a"}, "flow_run_inputs[0].value", "required"),
        ({"flow_run_id": RUN, "key": "a", "value": 1}, "flow_run_inputs[0].value", "valid string"),
        ({"flow_run_id": RUN, "key": "a", "value": "v", "sender": 1}, "flow_run_inputs[0].sender", "valid string"),
    ],
    ids=["no-run", "unknown-run", "uppercase-key", "underscore-key", "no-key", "no-value", "int-value", "int-sender"],
)
def test_flow_run_inputs_prefect_refuses(item: dict, path: str, reason: str) -> None:
    error = refused({**runs(), "flow_run_inputs": [item]})
    assert error.path == path
    assert reason in error.reason


def test_deleting_a_flow_run_deletes_its_inputs() -> None:
    inputs = [{"flow_run_id": RUN, "key": "a", "value": "1"}, {"flow_run_id": OTHER_RUN, "key": "a", "value": "2"}]
    store = Store.from_dataset({**runs(), "flow_run_inputs": inputs}, now=NOW)
    removed = store.delete({"flow_runs": [RUN]})
    assert removed["flow_run_inputs"] == 1
    assert [i["flow_run_id"] for i in store.dump()["flow_run_inputs"]] == [OTHER_RUN]
    assert store.request(f"flow_runs/{RUN}/input/a", method="GET")[0] == 404
    store.check()


def test_an_input_of_an_upserted_run_survives_and_one_of_a_new_batch_can_name_a_stored_run() -> None:
    store = Store.from_dataset(runs(), now=NOW)
    store.insert({"flow_run_inputs": [{"flow_run_id": RUN, "key": "a", "value": "1"}]})
    store.upsert({"flow_runs": [{"id": RUN, "flow_id": FLOW, "name": "renamed"}]})
    assert store.request(f"flow_runs/{RUN}/input/a", method="GET") == (200, "1")
    store.check()


# ---------------------------------------------------------------- all three


def test_export_round_trips_all_three_kinds() -> None:
    dataset = {
        **runs(),
        "variables": [
            {"name": "n", "value": None, "tags": ["t"], "created": "2026-10-01T00:00:00Z"},
            {"name": "o", "value": {"a": [1]}, "created": "2026-10-02T00:00:00.5Z", "updated": "2026-10-03T00:00:00Z"},
        ],
        "saved_searches": [
            {"name": "S", "filters": [{"object": "o", "property": "p", "type": "t", "operation": "x", "value": 1}]}
        ],
        "flow_run_inputs": [{"flow_run_id": RUN, "key": "k", "value": "v", "sender": "me"}],
    }
    store = Store.from_dataset(dataset, now=NOW)
    store.check()
    dumped = store.dump()
    again = Store.from_dataset(dumped, now=NOW)
    assert again.dump() == dumped
    for path, body, method in [
        ("variables/filter", {"sort": "CREATED_DESC"}, "POST"),
        ("saved_searches/filter", {}, "POST"),
        (f"flow_runs/{RUN}/input/filter", {"prefix": "", "limit": 5}, "POST"),
        ("variables/name/n", None, "GET"),
    ]:
        assert again.request(path, body, method) == store.request(path, body, method)


def test_the_input_value_is_sent_as_plain_text() -> None:
    store = Store.from_dataset({**runs(), "flow_run_inputs": [{"flow_run_id": RUN, "key": "k", "value": '{"a": 1}'}]})
    status, body = store.request(f"flow_runs/{RUN}/input/k", method="GET")
    assert (status, body) == (200, '{"a": 1}')
    assert body.media_type.startswith("text/plain")
