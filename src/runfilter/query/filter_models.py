"""The base classes of Prefect's filter models: unknown keys are errors, ``operator`` combines.

Each kind declares its filter classes in its folder (``entities/<kind>/filters.py``),
field for field as Prefect does, so pydantic reports exactly the errors Prefect
reports (same ``type``, ``loc``, ``msg``) and accepts exactly the inputs Prefect
accepts. What a filter means is decided twice, independently: compiled to the
condition IR (``entities/<kind>/conditions.py``) and read record by record by
the naive engine (``entities/<kind>/naive.py``), both from docs/semantics.md#combining
onwards.
"""

from __future__ import annotations

from enum import Enum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from ..timeutil import RequestDateTime


class Operator(str, Enum):
    """How a filter combines its sub-filters."""

    and_ = "and_"
    or_ = "or_"


class FilterModel(BaseModel):
    """Base of every filter class: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")


class OperatorFilterModel(FilterModel):
    """Base of filter classes that combine their conditions with ``operator``."""

    operator: Operator = Operator.and_


# Operand shapes Prefect's filter classes share. A kind's class subclasses the one whose fields, in
# order, are exactly its own (field order is error order), and adds only its docstring: its own
# name is what a ``model_type`` error prints.


class IdsFilter(FilterModel):
    """``any_`` / ``not_any_`` of ids."""

    any_: list[UUID] | None = None
    not_any_: list[UUID] | None = None


class IdsAnyFilter(FilterModel):
    """``any_`` of ids."""

    any_: list[UUID] | None = None


class NullableIdsFilter(OperatorFilterModel):
    """``any_`` of ids, ``is_null_``, combined by ``operator``."""

    any_: list[UUID] | None = None
    is_null_: bool | None = None


class NamesFilter(FilterModel):
    """Exact ``any_`` or substring ``like_``."""

    any_: list[str] | None = None
    like_: str | None = None


class StringsFilter(FilterModel):
    """Exact ``any_``."""

    any_: list[str] | None = None


class StringsNotFilter(FilterModel):
    """``any_`` / ``not_any_`` of strings."""

    any_: list[str] | None = None
    not_any_: list[str] | None = None


class TagsFilter(OperatorFilterModel):
    """``all_`` / ``is_null_`` (no tags) of tags, combined by ``operator``."""

    all_: list[str] | None = None
    is_null_: bool | None = None


class TagsAnyFilter(OperatorFilterModel):
    """``all_`` / ``any_`` / ``is_null_`` (no tags) of tags, combined by ``operator``."""

    all_: list[str] | None = None
    any_: list[str] | None = None
    is_null_: bool | None = None


class TimesFilter(FilterModel):
    """Inclusive ``before_`` / ``after_`` bounds on an instant."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None


class NullableTimesFilter(FilterModel):
    """Inclusive ``before_`` / ``after_`` bounds on an instant, and ``is_null_``."""

    before_: RequestDateTime | None = None
    after_: RequestDateTime | None = None
    is_null_: bool | None = None
