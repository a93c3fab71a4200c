"""One row of an Annex A list: its cells read by column key, and entries built from them.

Bad dates and a missing child identifier are errors; a code, count or yes/no that cannot be
read is a warning (the rest of the row is still worth having on the timeline).
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from adapters.annex_a.codes import CodeList
from adapters.annex_a.headers import Layout
from adapters.annex_a.values import count_of, yes_no_of
from adapters.cells import SHOWN_VALUE_CHARS, RowReader, cell_text
from chronology.dates import FuzzyDate
from chronology.problems import warning
from chronology.records import EntryRecord, RowRef
from chronology.vocabulary import EventType, YesNoUnknown

SUMMARY_LIMIT = 500
TEXT_LIMIT = 200


class ListRow:
    """A row of one list; `child` and `base` (its record_ref stem) are set once they are read."""

    def __init__(self, layout: Layout, reader: RowReader, today: date) -> None:
        self.layout, self.reader, self.today = layout, reader, today
        self.number = layout.spec.number
        self.child, self.base = "", ""
        self._read: dict[tuple[str, str], Any] = {}  # each cell is read (and reported) once

    @property
    def origin(self) -> RowRef:
        return RowRef(sheet=self.layout.sheet, row=self.reader.row)

    def header(self, key: str) -> str | None:
        return self.layout.columns.get(key)

    def raw(self, key: str) -> str:
        header = self.header(key)
        return cell_text(self.reader.cells.get(header)) if header else ""

    def text(self, key: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> str | None:
        if ("text", key) not in self._read:
            header = self.header(key)
            text = self.reader.any_text(header, required=required, limit=limit) if header else None
            self._read["text", key] = text
        return cast(str | None, self._read["text", key])

    def date(self, key: str, *, required: bool = False, past: bool = True) -> FuzzyDate | None:
        if ("date", key) not in self._read:
            header = self.header(key)
            value = self.reader.date(header, required=required) if header else None
            if value is not None and past and value.start > self.today:
                self.warn(key, "the date is in the future", "a date on or before today")
            self._read["date", key] = value
        return cast(FuzzyDate | None, self._read["date", key])

    def count(self, key: str) -> int | None:
        number = count_of(self.raw(key))
        if number is None and self.raw(key):
            self.warn(key, f"{self.header(key)} is not a whole number", "a count such as 0 or 3")
        return number

    def yes_no(self, key: str) -> YesNoUnknown | None:
        answer = yes_no_of(self.raw(key))
        if answer is None and self.raw(key):
            self.warn(key, f"{self.header(key)} is not yes or no", "Yes, No or Unknown")
        return answer

    def code(self, key: str, codes: CodeList) -> str | None:
        found = codes.read(self.raw(key)) if self.raw(key) else None
        if found is None and self.raw(key):
            self.warn(key, f"{self.header(key)} is not a known code; kept as written", codes.name)
        return found

    def in_words(self, key: str, codes: CodeList) -> tuple[str | None, str | None]:
        """The code and its words; an unknown code keeps the text as written."""
        code = self.code(key, codes)
        written = self.text(key)
        return (code, codes.words[code]) if code else (written, written)

    def warn(self, key: str, message: str, expected: str) -> None:
        if ("warned", key) in self._read:
            return
        self._read["warned", key] = True
        self.reader.problems.append(
            warning(
                message,
                sheet=self.layout.sheet,
                row=self.reader.row,
                column=self.header(key) or key,
                value=self.raw(key)[:SHOWN_VALUE_CHARS],
                expected=expected,
            )
        )

    def allocation(self) -> dict[str, str]:
        """The allocated team and worker, where the list gives them."""
        named = {"team": self.text("team"), "worker": self.text("worker")}
        return {key: value for key, value in named.items() if value}

    def extras(self) -> dict[str, str]:
        """Columns the list does not name, by header (lower case), as written."""
        cells = {name: self.reader.any_text(name, limit=TEXT_LIMIT) for name in self.layout.unknown}
        return {name.lower(): text for name, text in cells.items() if text}

    def entry(
        self,
        suffix: str,
        occurred: FuzzyDate,
        event_type: str,
        key: str,
        summary: str,
        **fields: Any,
    ) -> EntryRecord:
        """An entry about the child, from column `key`; the row's main entry (no suffix) keeps
        the columns the list does not name."""
        fields.setdefault("event_type_as_sent", f"List {self.number} {self.header(key) or key}")
        return EntryRecord(
            origin=self.origin,
            extra=self.extras() if not suffix else {},
            record_ref=self.base + suffix,
            occurred=occurred,
            event_type=EventType(event_type),
            subjects=(self.child,),
            summary=summary[:SUMMARY_LIMIT],
            source=f"Annex A list {self.number} ({self.layout.spec.title.lower()})",
            **fields,
        )
