"""The sections of a mapping file about people: `[people]` (or several `[[people]]`) and `[roles]`.

Each people table names the columns describing one person on a row (a police export has
one person per row; a housing export may name a tenant and a child on the same row).
`[roles]` says what the agency's role words mean: the child a record is about, a
relationship to that child, or someone (a witness) to leave out of the chronology.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field

from adapters.mapped.fields import ColumnName, DateField, FromColumn, Strict, TextField, Word
from adapters.mapped.words import code_validator, lookup_table, word_key
from chronology.vocabulary import RelationshipType, Sex

RelationshipCode = Annotated[str, code_validator(RelationshipType, "a relationship code")]
SexCode = Annotated[str, code_validator(Sex, "a sex code")]
SEX_WORDS = {
    "f": "female",
    "female": "female",
    "girl": "female",
    "m": "male",
    "male": "male",
    "boy": "male",
    "u": "unknown",
    "unknown": "unknown",
    "not known": "unknown",
    "not stated": "unknown",
    "other": "other",
}


class SexField(FromColumn):
    """A column of sex words; F, M, U and the codes themselves are known without saying."""

    column: ColumnName
    words: dict[Word, SexCode] = Field(default_factory=dict)

    @cached_property
    def _table(self) -> dict[str, str]:
        return {**SEX_WORDS, **lookup_table(self.words, "sex.words")}

    def code_for(self, word: str) -> str | None:
        return self._table.get(word_key(word))

    @property
    def columns(self) -> list[str]:
        return [self.column]


class PeopleGroup(Strict):
    """The columns that describe one person on a row; `person_ref` is required."""

    person_ref: TextField
    given_names: TextField | None = None
    family_name: TextField | None = None
    full_name: TextField | None = None
    name_order: Literal["given_family", "family_given"] = "given_family"
    known_as: TextField | None = None
    date_of_birth: DateField | None = None
    sex: SexField | None = None
    nhs_number: TextField | None = None
    upn: TextField | None = None
    la_child_id: TextField | None = None
    police_ref: TextField | None = None
    address: TextField | None = None
    postcode: TextField | None = None
    role: TextField | None = None

    @cached_property
    def first_columns(self) -> dict[str, str]:
        """The column each field reads (a template: its first); given and family names split
        from a full name are read from the full name's column."""
        found = {
            name: value.columns[0]
            for name in type(self).model_fields
            if isinstance(value := getattr(self, name), TextField | DateField | SexField)
            and value.columns
        }
        if "full_name" in found:
            found.setdefault("given_names", found["full_name"])
            found.setdefault("family_name", found["full_name"])
        return found


class Roles(Strict):
    """What the role words in the people tables' `role` columns mean."""

    child: list[Word] = Field(default_factory=list)
    relationships: dict[Word, RelationshipCode] = Field(default_factory=dict)
    leave_out: list[Word] = Field(default_factory=list)

    @cached_property
    def _relationships(self) -> dict[str, str]:
        return lookup_table(self.relationships, "roles.relationships")

    def is_child(self, role: str) -> bool:
        return word_key(role) in {word_key(word) for word in self.child}

    def is_left_out(self, role: str) -> bool:
        return word_key(role) in {word_key(word) for word in self.leave_out}

    def relationship(self, role: str) -> str | None:
        return self._relationships.get(word_key(role))

    @property
    def given(self) -> bool:
        return bool(self.child or self.relationships or self.leave_out)
