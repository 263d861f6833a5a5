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

from pydantic import BaseModel, ConfigDict


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
