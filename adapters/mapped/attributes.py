"""The mapping's `[attributes]`: other columns kept as facts on each entry.

`dash_risk = { column = "DASH Risk", kind = "lower" }` keeps `attributes.dash_risk = "high"`;
`kind = "yes_no"` keeps a true/false the rules can read (`children_present`).
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator

from adapters.mapped.fields import ColumnName, DateField, FromColumn, Word, YesNoField, words_once

AttributeName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,59}$")]
RESERVED_ATTRIBUTES = ("roles", "other_categories")  # the adapter keeps these itself


class AttributeField(FromColumn):
    """A column kept as `attributes.<name>`: as text, lower-cased, yes/no, a date or a number."""

    column: ColumnName
    kind: Literal["text", "lower", "yes_no", "date", "number"] = "text"
    yes: list[Word] = Field(default_factory=lambda: ["y", "yes", "true"])
    no: list[Word] = Field(default_factory=lambda: ["n", "no", "false"])

    @model_validator(mode="after")
    def _each_word_once(self) -> Self:
        words_once({"yes": self.yes, "no": self.no})
        return self

    @cached_property
    def as_yes_no(self) -> YesNoField:
        return YesNoField(column=self.column, yes=self.yes, no=self.no, not_applicable=[])

    @cached_property
    def as_date(self) -> DateField:
        return DateField(column=self.column)
