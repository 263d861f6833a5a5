"""The kinds' declarations are consistent, and what derives from them matches what the engine needs."""

from __future__ import annotations

import dataclasses

import pytest

from runfilter import Store, filters
from runfilter.entities import COMPUTED, DATASET_KEYS, KIND_BY_NAME, KINDS, LINKS
from runfilter.schema import CASCADE, LOOKUP, ORDERED, RESTRICT, SET_NULL, Kind, column


def test_every_reference_names_a_kind_loaded_no_later_unless_checked_after_the_batch() -> None:
    for kind in KINDS:
        for col in kind.references:
            assert col.ref.target in KIND_BY_NAME, f"{kind.name}.{col.name}"
            assert col.ref.on_delete in (None, CASCADE, SET_NULL, RESTRICT)


def test_joined_and_cascading_references_have_a_lookup_index() -> None:
    # joins and cascades find referencing records through the referencing column's postings
    for kind in KINDS:
        for col in kind.references:
            if col.ref.link or col.ref.reverse or col.ref.on_delete in (CASCADE, SET_NULL):
                assert col.index & LOOKUP, f"{kind.name}.{col.name} needs index=LOOKUP"


def test_links_are_named_after_the_kinds_nouns() -> None:
    for name, link in LINKS.items():
        source = KIND_BY_NAME[link.source]
        assert name.startswith(source.link_prefix + ".")
        holder = KIND_BY_NAME[link.target if link.many else link.source]
        assert holder.column(link.field).ref is not None


def test_computed_fields_do_not_shadow_columns() -> None:
    for kind in KINDS:
        assert not set(kind.computed) & {c.name for c in kind.columns}
        assert set(kind.computed_index) <= set(kind.computed)
    assert "start_or_expected" in COMPUTED


def test_dataset_keys_follow_the_registry_order() -> None:
    assert DATASET_KEYS[:3] == ("flows", "work_pools", "work_queues")  # a kind after the kinds it references
    assert DATASET_KEYS.index("workers") > DATASET_KEYS.index("work_pools")
    assert DATASET_KEYS.index("task_runs") > DATASET_KEYS.index("flow_runs") > DATASET_KEYS.index("deployments")
    assert DATASET_KEYS.index("flow_run_inputs") > DATASET_KEYS.index("flow_runs")
    assert "artifacts" in DATASET_KEYS
    # one kind, two lists (docs/semantics.md#concurrency-limits)
    limits = DATASET_KEYS.index("concurrency_limits")
    assert DATASET_KEYS[limits : limits + 2] == ("concurrency_limits", "global_concurrency_limits")
    assert "automations" in DATASET_KEYS


def test_a_record_field_without_a_column_declaration_is_refused() -> None:
    @dataclasses.dataclass(slots=True)
    class Half:
        id: str = column()
        name: str = dataclasses.field(default="")

    with pytest.raises(TypeError, match="name"):
        Kind("halves", "half", Half)


def test_unique_keys_with_a_null_part_constrain_nothing() -> None:
    key_of = KIND_BY_NAME["flow_runs"].unique.key_of()
    run = dataclasses.make_dataclass("Run", ["flow_id", "idempotency_key"])
    assert key_of(run("f", None)) is None
    assert key_of(run("f", "k")) == ("f", "k")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_export_writes_every_dataset_column_and_reloads(kind: Kind) -> None:
    from runfilter import synthetic

    store = Store.from_dataset(synthetic.generate(30, seed=2), now=synthetic.NOW)
    dumped = store.dump()
    assert set(kind.dataset_lists) <= set(dumped)
    for item in [] if kind.lists else dumped[kind.name]:  # a kind with several lists writes its own items
        assert {c.name for c in kind.columns if c.in_dataset} <= set(item)
        assert set(item) <= kind.item_fields
    again = Store.from_dataset(dumped, now=synthetic.NOW)
    assert again.dump() == dumped


def test_ordered_columns_get_sorted_indexes_and_lookup_columns_postings() -> None:
    store = Store()
    for kind in KINDS:
        indexes = store.indexes[kind.name]
        for col in kind.columns:
            assert indexes.has(f"={col.name}") == bool(col.index & LOOKUP)
            assert indexes.has(f"<{col.name}") == bool(col.index & ORDERED)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_has_its_parts_and_they_agree_with_its_declaration(kind: Kind) -> None:
    # the layers above find a kind's parts by name in its folder (Kind.part); each must fit the declaration
    selection, endpoints, strategies = kind.part("selection"), kind.part("endpoints"), kind.part("strategies")
    assert selection is not None and endpoints is not None and strategies is not None
    # a kind's routes live under its name (its UI routes under /ui/<name>; queue routes also under a pool;
    # a run's inputs under the run; a v2 kind's under /v2/ and its v1 list's name)
    states = "/" + kind.noun.replace(" ", "_") + "_states/"
    plain = kind.name.removesuffix("_v2")
    prefixes = (
        "/" + kind.name,
        "/ui/" + kind.name + "/",
        "/work_pools/",
        states,
        "/" + plain,
        "/v2/" + plain,
        *_NESTED_ROUTES.get(kind.name, ()),
    )
    assert all(route.template.startswith(prefixes) for route in endpoints.ROUTES)
    assert set(strategies.EXTRAS) <= kind.item_fields, "strategies draw fields the kind does not accept"
    assert kind.part("no_such_part") is None
    if strategies.FILTER_SPEC is None:  # Prefect has no filter class for the kind (or no filter body at all)
        assert kind.name not in _FILTER_MODELS and not selection.FILTER_KEYS
        return
    assert kind.name in selection.FILTER_KEYS
    has_operator, spec = strategies.FILTER_SPEC
    model = _FILTER_MODELS[kind.name]
    assert set(spec) == set(model.model_fields) - {"operator"}, "the strategies' filter shape drifted from the model"
    assert has_operator == ("operator" in model.model_fields)


_FILTER_MODELS = {
    "artifacts": filters.ArtifactFilter,
    "flows": filters.FlowFilter,
    "flow_runs": filters.FlowRunFilter,
    "task_runs": filters.TaskRunFilter,
    "deployments": filters.DeploymentFilter,
    "work_pools": filters.WorkPoolFilter,
    "work_queues": filters.WorkQueueFilter,
    "logs": filters.LogFilter,
    "variables": filters.VariableFilter,
    "workers": filters.WorkerFilter,
    "automations": filters.AutomationFilter,
}
#: Kinds whose routes live under another kind's path.
_NESTED_ROUTES = {"flow_run_inputs": ("/flow_runs/{id:uuid}/input",)}
