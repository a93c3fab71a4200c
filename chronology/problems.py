"""A problem found in an uploaded file, named by its place so the uploader can fix it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    """Errors reject the whole extract; warnings are reported and do not block."""

    ERROR = "error"
    WARNING = "warning"


class Problem(BaseModel):
    """One problem: where (sheet, row as Excel numbers it, column), what was found and wanted."""

    model_config = ConfigDict(frozen=True)

    severity: Severity
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    expected: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def place(self) -> str:
        """`sheet:row:column`, leaving out the parts that do not apply."""
        row = "" if self.row is None else str(self.row)
        return f"{self.sheet}:{row}:{self.column}"

    def line(self) -> str:
        """The one-line form the command line prints: `sheet:row:column: message`."""
        text = self.message
        if self.expected and self.expected not in text:
            text = f"{text} (expected {self.expected})"
        prefix = "" if self.is_error else "warning: "
        return f"{self.place()}: {prefix}{text}"


def error(message: str, **place: str | int | None) -> Problem:
    return Problem(severity=Severity.ERROR, message=message, **place)


def warning(message: str, **place: str | int | None) -> Problem:
    return Problem(severity=Severity.WARNING, message=message, **place)
