"""The mapping's `[[skip]]` rules: rows to leave out before anything is read from them.

A police export marks an occurrence entered twice as a duplicate; a school export holds
behaviour incidents that are not safeguarding records. Comparisons ignore case and spacing.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, StrictBool, model_validator

from adapters.mapped.fields import ColumnName, Strict, Word
from adapters.mapped.words import word_key


class SkipRule(Strict):
    """Rows whose `column` equals, contains, or is blank as said here are left out."""

    column: ColumnName
    equals: list[Word] = Field(default_factory=list)
    contains: list[Word] = Field(default_factory=list)
    blank: StrictBool = False

    @model_validator(mode="after")
    def _some_condition(self) -> Self:
        if not (self.equals or self.contains or self.blank):
            raise ValueError("say when to skip: equals, contains, or blank = true")
        return self

    def skips(self, text: str) -> bool:
        key = word_key(text)
        return (
            (self.blank and not key)
            or key in {word_key(word) for word in self.equals}
            or any(word_key(word) in key for word in self.contains)
        )
