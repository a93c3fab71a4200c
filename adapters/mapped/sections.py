"""The sections of a mapping file about the file, the entries and their event types.

`[file]` says where the table is, `[extract]` who sent it, `[columns]` which column fills
which entry field, `[event_type]` how the agency's category words become our codes,
and `[[skip]]` (skip.py) which rows to leave out; `[attributes]` is in attributes.py.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import Field, StrictInt, StringConstraints, model_validator

from adapters.mapped.fields import (
    ColumnName,
    DateField,
    FromColumn,
    Separator,
    Strict,
    TextField,
    Word,
    YesNoField,
)
from adapters.mapped.words import code_validator, lookup_table, word_key
from chronology.vocabulary import Agency, EventType

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
AgencyCode = Annotated[str, code_validator(Agency, "an agency code")]
EventTypeCode = Annotated[str, code_validator(EventType, "an event type code")]
Receiver = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def one_or_many(data: Any) -> Any:
    """A single table where a list of tables may be given is a list of one."""
    return [data] if isinstance(data, dict | str) else data


class FileSection(Strict):
    sheet: Name | None = None
    header_row: StrictInt = Field(1, ge=1, le=10_000)
    delimiter: Literal[",", ";", "\t", "|"] = ","
    ignore: list[ColumnName] = Field(default_factory=list)


class ExtractSection(Strict):
    organisation: Name | None = None
    agency: AgencyCode | None = None
    area: Name | None = None
    source_system: Name | None = None


class SharedWithField(FromColumn):
    """A column of receivers (`separator`-separated), or a yes/no column (`when` lists the
    words meaning "shared") whose yes means the fixed `receivers` were told."""

    column: ColumnName
    separator: Separator = ";"
    when: list[Word] | None = None
    receivers: list[Receiver] = Field(default_factory=list)

    @model_validator(mode="after")
    def _receivers_with_when(self) -> Self:
        if (self.when is None) != (not self.receivers):
            raise ValueError("give `when` and `receivers` together (a yes/no column), or neither")
        return self


class Columns(Strict):
    record_ref: TextField
    occurred: DateField
    occurred_end: DateField | None = None
    recorded_on: DateField | None = None
    summary: TextField
    detail: TextField | None = None
    source: TextField | None = None
    child_voice: TextField | None = None
    outcome: TextField | None = None
    child_seen: YesNoField | None = None
    seen_alone: YesNoField | None = None
    shared_with: Annotated[list[SharedWithField], Field(default_factory=list)]
    shared_on: DateField | None = None

    @model_validator(mode="before")
    @classmethod
    def _shared_with_list(cls, data: Any) -> Any:
        if isinstance(data, dict) and "shared_with" in data:
            return {**data, "shared_with": one_or_many(data["shared_with"])}
        return data


class EventTypeSection(Strict):
    """The event type: a fixed `code`, or a `column` of category words looked up in `words`."""

    column: ColumnName | None = None
    code: EventTypeCode | None = None
    separator: Separator = ";"
    words: dict[Word, EventTypeCode] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _column_or_code(self) -> Self:
        if (self.column is None) == (self.code is None):
            raise ValueError("give either column (with words) or a fixed code, not both")
        lookup_table(self.words, "event_type.words")
        return self

    @cached_property
    def _table(self) -> dict[str, str]:
        return lookup_table(self.words, "event_type.words")

    def code_for(self, word: str) -> str | None:
        return self._table.get(word_key(word))
