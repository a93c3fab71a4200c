"""One row of an agency's export, read through its mapping: text, templates, dates and words.

Cells are addressed by the column names the mapping gives (case and spacing forgiven);
every problem is placed at the row and at the column as the file's header writes it.
"""

from __future__ import annotations

from adapters.cells import RowReader, cell_text
from adapters.mapped.dates import read_date, read_time, with_time
from adapters.mapped.fields import DateField, TextField, YesNoField
from adapters.mapped.people_section import SexField
from adapters.mapped.templates import fill
from adapters.mapped.words import word_key
from adapters.tables import MAX_CELL_CHARS, Cell
from chronology.dates import FuzzyDate
from chronology.problems import Problem, warning


class MappedRow:
    """The cells of one row by header name, and the problems found reading them."""

    def __init__(
        self,
        sheet: str,
        number: int,
        cells: dict[str, Cell],
        names: dict[str, str],
        problems: list[Problem],
    ) -> None:
        self.reader = RowReader(sheet, number, cells, problems)
        self.names = names  # word_key of a column name -> the name as the header writes it

    @property
    def number(self) -> int:
        return self.reader.row

    def column(self, name: str) -> str:
        return self.names.get(word_key(name), name)

    def raw(self, name: str) -> str:
        return cell_text(self.reader.cells.get(self.column(name)))

    def fail(self, name: str, message: str, expected: str) -> None:
        self.reader.fail(self.column(name), message, expected)

    def warn(self, name: str, message: str, expected: str, value: str = "") -> None:
        self.reader.problems.append(
            warning(
                message,
                sheet=self.reader.sheet,
                row=self.number,
                column=self.column(name),
                value=value[:80],
                expected=expected,
            )
        )

    def text(self, field: TextField | None, limit: int = MAX_CELL_CHARS) -> str | None:
        """The field's text: a fixed value, one cell, or a template filled from the row."""
        if field is None:
            return None
        if field.value is not None:
            return field.value
        if field.column is not None:
            return self.reader.text(self.column(field.column), limit=limit)
        return self._filled(field, limit)

    def _filled(self, field: TextField, limit: int) -> str | None:
        text = fill(field.template or "", lambda name: self.reader.text(self.column(name)) or "")
        if len(text) > limit:  # never cut silently: a cut record ref could join two records
            self.fail(
                field.columns[0] if field.columns else "template",
                f"the template gives {len(text):,} characters",
                f"at most {limit:,} characters from the template {(field.template or '')[:60]!r}",
            )
            return None
        return text or None

    def date(self, field: DateField | None, key: str) -> FuzzyDate | None:
        """The field's date (and time, from its time column), or None when blank or bad."""
        if field is None or not self.raw(field.column):
            return None
        found = read_date(self.reader.cells.get(self.column(field.column)), field.formats)
        if found is None:
            forms = " or ".join("a UK date" if f == "uk" else repr(f) for f in field.formats)
            self.fail(
                field.column,
                f"{self.column(field.column)} is not a date in the mapping's formats",
                f"{forms} (as {key}.formats says)",
            )
            return None
        if field.time_column and self.raw(field.time_column):
            clock = read_time(self.reader.cells.get(self.column(field.time_column)))
            if clock is None:
                self.fail(
                    field.time_column,
                    "the time of day cannot be read",
                    f"a time such as 14:20 ({key}.time_column)",
                )
                return None
            found = with_time(found, clock)
        return found

    def yes_no(self, field: YesNoField | None, key: str) -> str | None:
        """`yes`, `no` or `not_applicable` as the field's words say; None when blank."""
        if field is None or not (word := self.raw(field.column)):
            return None
        meaning = field.meaning(word)
        if meaning is None:
            known = ", ".join([*field.yes, *field.no, *field.not_applicable])
            self.fail(
                field.column,
                f"{word[:40]!r} is not a yes/no word the mapping knows",
                f"one of {known} (or add it to {key}.yes, .no or .not_applicable)",
            )
        return meaning

    def sex(self, field: SexField | None, key: str) -> str | None:
        if field is None or not (word := self.raw(field.column)):
            return None
        code = field.code_for(word)
        if code is None:
            self.fail(
                field.column,
                f"{word[:40]!r} is not a sex word the mapping knows",
                f"F, M, U, female, male, other, unknown (or add it to {key}.words)",
            )
        return code
