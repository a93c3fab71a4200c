"""Reading one row's cells into typed values, recording a placed problem for every bad cell."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

import orjson

from adapters.tables import MAX_CELL_CHARS, Cell
from chronology.dates import ACCEPTED_FORMS, DateError, FuzzyDate, parse_date
from chronology.nhs import normalise_nhs_number
from chronology.problems import Problem, error

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 (bar tab, LF, CR), DEL, C1
SHOWN_VALUE_CHARS = 80
E = TypeVar("E", bound=StrEnum)


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without `.0`, dates in ISO, blanks as ''."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return str(value).strip()


class RowReader:
    """The cells of one row by lower-case column name, and the problems found reading them."""

    def __init__(self, sheet: str, row: int, cells: dict[str, Cell], problems: list[Problem]):
        self.sheet, self.row, self.cells, self.problems = sheet, row, cells, problems

    def fail(self, column: str, message: str, expected: str = "") -> None:
        shown = cell_text(self.cells.get(column))[:SHOWN_VALUE_CHARS]
        self.problems.append(
            error(
                message,
                sheet=self.sheet,
                row=self.row,
                column=column,
                value=shown,
                expected=expected,
            )
        )

    def text(
        self, column: str, *, required: bool = False, limit: int = MAX_CELL_CHARS
    ) -> str | None:
        raw = self.cells.get(column)
        if type(raw) is not str and isinstance(raw, dict | list):  # JSON can put anything here
            self._wrong_type(column, raw)
            return None
        return self.any_text(column, required=required, limit=limit)

    def _wrong_type(self, column: str, raw: dict[str, Any] | list[Any]) -> None:
        kind = "an object" if isinstance(raw, dict) else "a list"
        self.fail(column, f"{column} is {kind}, not a single value", "text, a number or a date")

    def any_text(
        self, column: str, *, required: bool = False, limit: int = MAX_CELL_CHARS
    ) -> str | None:
        """The cell as text whatever its type (an object as JSON), checked for length and
        hidden characters."""
        raw = self.cells.get(column)
        return self.checked(
            column,
            raw.strip() if type(raw) is str else cell_text(raw),
            required=required,
            limit=limit,
        )

    def checked(
        self, column: str, value: str, *, required: bool = False, limit: int = MAX_CELL_CHARS
    ) -> str | None:
        if not value:
            if required:
                self.fail(column, f"{column} is required", "a value")
            return None
        if len(value) > limit:
            self.fail(
                column,
                f"{column} is {len(value):,} characters long",
                f"at most {limit:,} characters",
            )
            return None
        if _CONTROL.search(value):
            self.fail(
                column,
                f"{column} holds a control character",
                "plain text (remove the hidden character)",
            )
            return None
        return value  # text starting with = is kept as text; exports neutralise it

    def date(self, column: str, *, required: bool = False) -> FuzzyDate | None:
        value = self.cells.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(column, f"{column} is required", ACCEPTED_FORMS)
            return None
        if isinstance(value, dict | list):
            self._wrong_type(column, value)
            return None
        try:
            return parse_date(value)
        except DateError as problem:
            self.fail(column, str(problem), ACCEPTED_FORMS)
            return None

    def choice(self, column: str, options: type[E], *, required: bool = False) -> E | None:
        value = (self.text(column, required=required) or "").lower().replace(" ", "_")
        if not value:
            return None
        try:
            return options(value)
        except ValueError:
            allowed = ", ".join(option.value for option in options)
            self.fail(
                column,
                f"{column} '{value[:SHOWN_VALUE_CHARS]}' is not a known code",
                f"one of {allowed}",
            )
            return None

    def items(self, column: str) -> tuple[str, ...]:
        value = self.cells.get(column)
        if not value:
            return ()
        if not isinstance(value, list):
            return tuple(
                text for item in (self.text(column) or "").split(";") if (text := item.strip())
            )
        if any(isinstance(item, dict | list) for item in value):
            self.fail(column, f"{column} holds objects or lists", "a list of text values")
            return ()
        texts = tuple(text for item in value if (text := cell_text(item)))
        return texts if self.checked(column, ";".join(texts)) is not None else ()

    def nhs_number(self, column: str) -> str | None:
        value = self.text(column)
        if value is None:
            return None
        number = normalise_nhs_number(value)
        if number is None:
            self.fail(
                column,
                "the NHS number is not valid (wrong length or check digit)",
                "10 digits passing the NHS modulus-11 check, e.g. 943 476 5919",
            )
        return number

    def json_object(self, column: str) -> dict[str, Any]:
        value = self.cells.get(column)
        if isinstance(value, dict):
            return dict(sorted(value.items()))
        if isinstance(value, list):
            self.fail(column, f"{column} is not a JSON object", '{"key": "value", ...}')
            return {}
        text = self.text(column)
        if not text:
            return {}
        try:
            parsed = orjson.loads(text)
        except orjson.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict):
            self.fail(column, f"{column} is not a JSON object", '{"key": "value", ...}')
            return {}
        return dict(sorted(parsed.items()))  # key order is not content: no false amendments
