"""The kinds of value a mapping file can take from a row: text, dates, yes/no words.

Every field may be written short, as the column's name (`detail = "Officer Narrative"`), or as
a table saying more (`occurred = { column = "Reported", formats = ["%d/%m/%Y %H:%M"] }`).
Unknown keys and wrongly typed values are mistakes the mapping file reports by their place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from adapters.mapped.templates import template_columns, template_pieces
from adapters.mapped.words import word_key

ColumnName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Word = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Separator = Annotated[str, StringConstraints(min_length=1, max_length=5)]
UK_DATES = "uk"
_SAMPLE = datetime(2024, 3, 5, 14, 20, 30)
_TIME_DIRECTIVES = ("%H", "%I", "%M")


class Strict(BaseModel):
    """A part of a mapping file: its keys are fixed and its values are not converted."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class FromColumn(Strict):
    """A field that may be written as just its column's name."""

    @model_validator(mode="before")
    @classmethod
    def _column_name_alone(cls, data: Any) -> Any:
        return {"column": data} if isinstance(data, str) else data


class TextField(FromColumn):
    """Text from one column, from a template joining several, or a fixed value."""

    column: ColumnName | None = None
    template: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None
    value: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        given = [name for name in ("column", "template", "value") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of column, template or value")
        if self.template is not None:
            template_pieces(self.template)
        return self

    @property
    def columns(self) -> list[str]:
        if self.template is not None:
            return template_columns(self.template)
        return [self.column] if self.column else []


def _date_format(text: str) -> str:
    if text.strip().lower() == UK_DATES:
        return UK_DATES
    if "%Y" not in text and "%y" not in text:
        raise ValueError(f"the date format {text!r} has no year (%Y or %y)")
    try:
        datetime.strptime(_SAMPLE.strftime(text), text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date format; write one like '%d/%m/%Y %H:%M', or 'uk'"
        ) from None
    return text


DateFormat = Annotated[str, StringConstraints(max_length=60), AfterValidator(_date_format)]


def has_time(date_format: str) -> bool:
    return any(directive in date_format for directive in _TIME_DIRECTIVES)


class DateField(FromColumn):
    """A date column read with the given formats in turn (`uk`: every form the canonical
    extract accepts), and optionally a separate column holding the time of day."""

    column: ColumnName
    formats: list[DateFormat] = Field(default_factory=lambda: [UK_DATES], min_length=1)
    time_column: ColumnName | None = None

    @property
    def columns(self) -> list[str]:
        return [self.column] + ([self.time_column] if self.time_column else [])


def words_once(lists: dict[str, list[str]]) -> None:
    """A word in two lists (yes and no) would mean two things: a mistake."""
    seen: dict[str, str] = {}
    for meaning, words in lists.items():
        for word in words:
            if seen.setdefault(word_key(word), meaning) != meaning:
                raise ValueError(
                    f"the word {word[:40]!r} is in both {seen[word_key(word)]} and {meaning}"
                    "; expected each word in one list"
                )


class YesNoField(FromColumn):
    """A column of yes/no words; the defaults read Y, Yes, True, N, No, False and N/A."""

    column: ColumnName
    yes: list[Word] = Field(default_factory=lambda: ["y", "yes", "true"])
    no: list[Word] = Field(default_factory=lambda: ["n", "no", "false"])
    not_applicable: list[Word] = Field(
        default_factory=lambda: ["n/a", "na", "not applicable", "not_applicable"]
    )

    @model_validator(mode="after")
    def _each_word_once(self) -> Self:
        words_once({"yes": self.yes, "no": self.no, "not_applicable": self.not_applicable})
        return self

    def meaning(self, word: str) -> str | None:
        """`yes`, `no` or `not_applicable`; None for a word in no list."""
        key = word_key(word)
        for meaning in ("yes", "no", "not_applicable"):
            if key in {word_key(known) for known in getattr(self, meaning)}:
                return meaning
        return None

    @property
    def columns(self) -> list[str]:
        return [self.column]
