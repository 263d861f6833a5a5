"""Blocks: the read routes of block types, block schemas, block documents and block capabilities.

runfilter holds no blocks, and Prefect's oracle runs with system block
registration off, so a fresh Prefect database holds no block type either:
every list is ``[]``, every count ``0``, every read of one record a 404
(docs/semantics.md#unheld-kinds). The filter bodies are still validated with
Prefect's block filter models, mirrored here field for field (class names
included: they appear in ``model_type`` errors), and query parameters such as
``include_secrets`` are still checked before the (missing) record is looked up.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from ..api.handlers import bind_integers
from ..api.params import OFFSET, Params, param
from ..api.route import Context, Handler, Route
from ..query.filter_models import FilterModel, IdsAnyFilter, NamesFilter, OperatorFilterModel, StringsFilter
from ._common import empty_list, not_found, zero

# -- block types


class BlockTypeFilterName(FilterModel):
    """``block_types.name``: case-insensitive substring ``like_``."""

    like_: str | None = None


class BlockTypeFilterSlug(StringsFilter):
    """``block_types.slug``: exact ``any_``."""


class BlockTypeFilter(FilterModel):
    """Body key ``block_types`` (no ``operator``: Prefect's class combines with AND only)."""

    name: BlockTypeFilterName | None = None
    slug: BlockTypeFilterSlug | None = None


# -- block schemas


class BlockSchemaFilterBlockTypeId(IdsAnyFilter):
    """``block_schemas.block_type_id``: ``any_``."""


class BlockSchemaFilterCapabilities(FilterModel):
    """``block_schemas.block_capabilities``: ``all_`` (the schema has every capability listed)."""

    all_: list[str] | None = None


class BlockSchemaFilterId(IdsAnyFilter):
    """``block_schemas.id``: ``any_``."""


class BlockSchemaFilterVersion(StringsFilter):
    """``block_schemas.version``: exact ``any_``."""


class BlockSchemaFilter(OperatorFilterModel):
    """Body key ``block_schemas``."""

    block_type_id: BlockSchemaFilterBlockTypeId | None = None
    block_capabilities: BlockSchemaFilterCapabilities | None = None
    id: BlockSchemaFilterId | None = None
    version: BlockSchemaFilterVersion | None = None


# -- block documents


class BlockDocumentFilterIsAnonymous(FilterModel):
    """``block_documents.is_anonymous``: ``eq_``."""

    eq_: bool | None = None


class BlockDocumentFilterBlockTypeId(IdsAnyFilter):
    """``block_documents.block_type_id``: ``any_``."""


class BlockDocumentFilterId(IdsAnyFilter):
    """``block_documents.id``: ``any_``."""


class BlockDocumentFilterName(NamesFilter):
    """``block_documents.name``: exact ``any_`` or SQL ``like_`` pattern."""


class BlockDocumentFilter(OperatorFilterModel):
    """Body key ``block_documents``; anonymous documents are left out unless ``is_anonymous`` says otherwise."""

    id: BlockDocumentFilterId | None = None
    is_anonymous: BlockDocumentFilterIsAnonymous | None = BlockDocumentFilterIsAnonymous(eq_=False)
    block_type_id: BlockDocumentFilterBlockTypeId | None = None
    name: BlockDocumentFilterName | None = None


class BlockDocumentSort(str, Enum):
    """Prefect's ``BlockDocumentSort``: the ``sort`` of ``/block_documents/filter``, in Prefect's order."""

    NAME_DESC = "NAME_DESC"
    NAME_ASC = "NAME_ASC"
    BLOCK_TYPE_AND_NAME_ASC = "BLOCK_TYPE_AND_NAME_ASC"


# -- parameters

def sql_integers(handler: Handler, *names: str) -> Handler:
    """`handler`, preceded by Prefect's 500 when an integer parameter in `names` cannot be bound in SQL.

    Prefect validates ``offset`` (and the inputs' ``limit``) as unbounded
    integers and hands them to the database driver, which refuses one
    outside its range: an internal error even though no row would be read.
    """

    def checked(ctx: Context, v: dict[str, Any]) -> Any:
        bind_integers(ctx, **{name: v[name] for name in names})
        return handler(ctx, v)

    return checked


_BLOCK_TYPES = param("block_types", BlockTypeFilter | None)
_BLOCK_SCHEMAS = param("block_schemas", BlockSchemaFilter | None)
_BLOCK_DOCUMENTS = param("block_documents", BlockDocumentFilter | None)
_INCLUDE_SECRETS_QUERY = param("include_secrets", bool, False, "query")

_listing = sql_integers(empty_list, "offset")
_TYPE_NOT_FOUND = {"detail": "Block type not found"}
_DOCUMENT_NOT_FOUND = {"detail": "Block document not found"}
_SCHEMA_NOT_FOUND = {"detail": "Block schema not found"}

#: The block read routes.
ROUTES = (
    Route("GET", "/block_types/{id:uuid}", not_found(_TYPE_NOT_FOUND)),
    Route("GET", "/block_types/slug/{slug}", not_found(_TYPE_NOT_FOUND)),
    Route("POST", "/block_types/filter", _listing, Params((_BLOCK_TYPES, _BLOCK_SCHEMAS, OFFSET), True)),
    # the block type is looked up first, so an unknown slug names the type, not the documents
    Route(
        "GET",
        "/block_types/slug/{slug}/block_documents",
        not_found(_TYPE_NOT_FOUND),
        Params((_INCLUDE_SECRETS_QUERY,)),
    ),
    Route(
        "GET",
        "/block_types/slug/{slug}/block_documents/name/{block_document_name}",
        not_found(_DOCUMENT_NOT_FOUND),
        Params((_INCLUDE_SECRETS_QUERY,)),
    ),
    Route("POST", "/block_schemas/filter", _listing, Params((_BLOCK_SCHEMAS, OFFSET), True)),
    Route("GET", "/block_schemas/{id:uuid}", not_found(_SCHEMA_NOT_FOUND)),
    Route(
        "GET",
        "/block_schemas/checksum/{checksum}",
        not_found(_SCHEMA_NOT_FOUND),
        Params((param("version", str | None, None, "query"),)),
    ),
    Route(
        "POST",
        "/block_documents/filter",
        _listing,
        Params(
            (
                _BLOCK_DOCUMENTS,
                _BLOCK_TYPES,
                _BLOCK_SCHEMAS,
                param("include_secrets", bool, False),
                param("sort", BlockDocumentSort | None, BlockDocumentSort.NAME_ASC),
                OFFSET,
            ),
            True,
        ),
    ),
    # no limit, offset or sort: those keys are ignored like any unknown one
    Route("POST", "/block_documents/count", zero, Params((_BLOCK_DOCUMENTS, _BLOCK_TYPES, _BLOCK_SCHEMAS))),
    Route("GET", "/block_documents/{id:uuid}", not_found(_DOCUMENT_NOT_FOUND), Params((_INCLUDE_SECRETS_QUERY,))),
    # Prefect gathers the capabilities of the stored schemas: none
    Route("GET", "/block_capabilities/", empty_list),
)
