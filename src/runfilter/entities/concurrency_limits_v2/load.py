"""Loading concurrency limits: two dataset lists and the deployments' limits, into one table.

* ``concurrency_limits`` (v1, by tag) are stored as Prefect 3.9.1's
  ``POST /concurrency_limits/`` stores them: a row named ``tag:<tag>``,
  limit = ``concurrency_limit``, active, no slots; ``active_slots`` must be
  empty (3.9.1 keeps slot holders in its lease storage, not the database);
* ``global_concurrency_limits`` (v2) are validated as ``ConcurrencyLimitV2Create``
  plus ``avg_slot_occupancy_seconds``;
* each deployment of the batch with a ``concurrency_limit`` gets the
  ``deployment:<id>`` row Prefect creates for it (its id is the deployment's
  ``concurrency_limit_id``); an upsert that drops a deployment's limit drops
  that row, as Prefect's deployment update does.

Names are unique across all three (docs/semantics.md#concurrency-limits).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, NonNegativeInt, ValidationError

from ... import codecs
from ...codecs import is_canonical_uuid, uuid_text
from ...errors import DatasetError
from ...loading.batch import BatchBuilder, Item, default_stamps
from ...schema import Kind
from .record import ConcurrencyLimitV2

#: The v1 list and the v2 list, in the order Prefect's names are claimed.
V1, V2 = "concurrency_limits", "global_concurrency_limits"
#: The fields an item of each list may carry.
FIELDS = {
    V1: frozenset({"id", "tag", "concurrency_limit", "active_slots", "created", "updated"}),
    V2: frozenset(
        {
            "id",
            "name",
            "limit",
            "active",
            "active_slots",
            "denied_slots",
            "slot_decay_per_second",
            "avg_slot_occupancy_seconds",
            "created",
            "updated",
        }
    ),
}
#: The fields of a v2 item the create model reads (a lenient load ignores any other).
_GLOBAL_MODEL_FIELDS = FIELDS[V2] - {"id", "created", "updated"}
#: What prefixes the name of a tag limit and of a deployment's limit.
TAG_PREFIX, DEPLOYMENT_PREFIX = "tag:", "deployment:"
#: Prefect's ``Name``: no ``/ % & > <``.
_NAME = Annotated[str, Field(pattern=r"^[^/%&><]+$")]


class TagLimitCreate(BaseModel):
    """Mirror of Prefect's ``ConcurrencyLimitCreate`` (a v1 tag limit)."""

    model_config = ConfigDict(extra="forbid")
    tag: str
    concurrency_limit: int


class GlobalLimit(BaseModel):
    """Mirror of Prefect's ``ConcurrencyLimitV2Create`` plus the row's ``avg_slot_occupancy_seconds``."""

    model_config = ConfigDict(extra="forbid")
    active: bool = True
    name: _NAME
    limit: NonNegativeInt
    active_slots: NonNegativeInt = 0
    denied_slots: NonNegativeInt = 0
    slot_decay_per_second: NonNegativeFloat = 0.0
    avg_slot_occupancy_seconds: float = 2.0


class _StoredName(BaseModel):
    """Mirror of the ``name`` of Prefect's ``ConcurrencyLimitV2`` (a tag limit's ``tag:<tag>``)."""

    name: _NAME


def _validated(model: type[BaseModel], data: dict[str, Any], where: str) -> Any:
    """`data` through one of the mirrors; an error names the item and pydantic's first location."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = ".".join(str(part) for part in first["loc"])
        raise DatasetError(f"{where}.{loc}" if loc else where, first["msg"]) from None


def load_limits(b: BatchBuilder, kind: Kind, raws: dict[str, list[Any]]) -> None:
    """Build every limit of the batch: the deployments' first, then the v1 items, then the v2 items."""
    claims = _NameClaims(b, kind)
    for dep_id, deployment in b.new["deployments"].items():
        _deployment_limit(b, kind, claims, dep_id, deployment)
    for index, raw in enumerate(raws[V1]):
        item, limit_id = _item(b, kind, V1, index, raw)
        if item.raw.get("active_slots"):
            raise DatasetError(
                f"{item.where}.active_slots",
                "must be empty (Prefect 3.9.1 keeps slot holders in its lease storage, not in the database)",
            )
        given = {key: item.raw[key] for key in ("tag", "concurrency_limit") if key in item.raw}
        tag_limit = _validated(TagLimitCreate, given, item.where)
        name = _validated(_StoredName, {"name": TAG_PREFIX + tag_limit.tag}, f"{item.where}.tag").name
        values = {"name": name, "limit": tag_limit.concurrency_limit}
        _add(b, kind, claims, item, limit_id, values, f"{item.where}.tag")
    for index, raw in enumerate(raws[V2]):
        item, limit_id = _item(b, kind, V2, index, raw)
        given = {key: value for key, value in item.raw.items() if key in _GLOBAL_MODEL_FIELDS}
        values = _validated(GlobalLimit, given, item.where).model_dump()
        _add(b, kind, claims, item, limit_id, values, f"{item.where}.name")
    claims.check_store()


def _item(b: BatchBuilder, kind: Kind, key: str, index: int, raw: Any) -> tuple[Item, str]:
    """Item ``key[index]`` and its id: known fields only, no id twice in the table."""
    where = f"{key}[{index}]"
    if not isinstance(raw, dict):
        raise DatasetError(where, f"expected an object, got {type(raw).__name__}")
    if b.strict and not FIELDS[key].issuperset(raw):
        raise DatasetError(where, f"unknown field(s) {sorted(set(raw) - FIELDS[key])}")
    item = Item(raw, key, index)
    limit_id = raw.get("id")
    if type(limit_id) is not str or not is_canonical_uuid(limit_id):
        limit_id = item.get("id", uuid_text) or str(uuid.UUID(int=b.rng.getrandbits(128), version=4))
    if limit_id in b.new[kind.name]:
        raise DatasetError(f"{where}.id", f"duplicate id {limit_id}")
    stored = b.store.table(kind.name).get(limit_id)
    if stored is not None and not b.replace:
        raise DatasetError(f"{where}.id", f"duplicate id {limit_id}: already in the store (use upsert to replace)")
    if stored is not None and stored.deployment_id is not None:
        raise DatasetError(f"{where}.id", f"{limit_id} is the concurrency limit of deployment {stored.deployment_id}")
    return item, limit_id


def _add(
    b: BatchBuilder, kind: Kind, claims: _NameClaims, item: Item, limit_id: str, values: dict[str, Any], at: str
) -> None:
    """Claim the limit's name and put its row in the batch."""
    created, updated = default_stamps(
        item.get("created", codecs.TIME.read), item.get("updated", codecs.TIME.read), b.now
    )
    claims.claim(values["name"], limit_id, item.where, at)
    b.new[kind.name][limit_id] = ConcurrencyLimitV2(
        **{**_ROW_DEFAULTS, **values},
        id=limit_id,
        seq=b.seq_for(kind.name, limit_id),
        deployment_id=None,
        created=created,
        updated=updated,
    )


#: What a row holds unless its item says otherwise: active, no slot held or denied, no decay.
_ROW_DEFAULTS = {
    "active": True,
    "active_slots": 0,
    "denied_slots": 0,
    "slot_decay_per_second": 0.0,
    "avg_slot_occupancy_seconds": 2.0,
}


def deployment_limit_id(deployment_id: str) -> str:
    """The id of a deployment's ``deployment:<id>`` limit (the oracle's, derived from the deployment's)."""
    return str(uuid.uuid5(uuid.UUID(deployment_id), "concurrency-limit"))


def _deployment_limit(b: BatchBuilder, kind: Kind, claims: _NameClaims, dep_id: str, deployment: Any) -> None:
    """The row of a deployment with a limit; an upserted deployment without one drops its stored row."""
    limit_id = deployment.concurrency_limit_id
    if limit_id is None:
        old = b.store.table("deployments").get(dep_id) if b.replace else None
        if old is not None and old.concurrency_limit_id is not None:
            b.removed.setdefault(kind.name, set()).add(old.concurrency_limit_id)
        return
    name = DEPLOYMENT_PREFIX + dep_id
    claims.claim(name, limit_id, f"the limit of deployment {dep_id}", None)
    b.new[kind.name][limit_id] = ConcurrencyLimitV2(
        **_ROW_DEFAULTS,
        id=limit_id,
        seq=b.seq_for(kind.name, limit_id),
        name=name,
        limit=deployment.concurrency_limit,
        deployment_id=dep_id,
        created=deployment.created,
        updated=deployment.updated,
    )


class _NameClaims:
    """Limit names claimed by this batch, checked against each other and the store (one namespace for all)."""

    def __init__(self, b: BatchBuilder, kind: Kind) -> None:
        self.b, self.kind = b, kind
        #: name → (limit id, who claimed it, the field an error about it names)
        self.by_name: dict[str, tuple[str, str, str | None]] = {}

    def claim(self, name: str, limit_id: str, who: str, at: str | None) -> None:
        """Reserve `name` for limit `limit_id` of `who`; a name taken earlier in the batch is an error at `at`."""
        taken = self.by_name.get(name)
        if taken is not None:
            raise DatasetError(at or who, f"concurrency limit name {name!r} already used by {taken[1]}")
        self.by_name[name] = (limit_id, who, at)

    def check_store(self) -> None:
        """Each claimed name is free in the store, unless its holder is replaced or removed by this batch."""
        b, table = self.b, self.kind.name
        if not b.store.table(table):
            return
        leaving = b.new[table].keys() | b.removed.get(table, set())
        for name, (limit_id, who, at) in self.by_name.items():
            owner = b.store.unique_owner(table, (name,))
            if owner is not None and owner != limit_id and owner not in leaving:
                raise DatasetError(at or who, f"concurrency limit name {name!r} already used by limit {owner}")
