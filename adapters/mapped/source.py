"""The agency's own export as one table: a CSV file, or one sheet of a workbook.

The table starts at the mapping's header row (exports often open with a title line);
rows keep the numbers Excel shows. Whatever makes the file unusable as a whole is raised
as `FileUnreadable`, as the canonical adapter's loaders do, reusing their size, encoding,
delimiter and zip-bomb guards.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from adapters.cells import cell_text
from adapters.mapped.sections import FileSection
from adapters.mapped.words import word_key
from adapters.tables import (
    MAX_FILE_BYTES,
    Cell,
    FileUnreadable,
    Table,
    csv_tables,
    decode_csv_bytes,
    unreadable,
)
from adapters.workbook import xlsx_tables
from chronology.problems import Problem

KINDS = "a .csv file or an .xlsx workbook"
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class Sheet:
    """The header (as written) and the rows below it, numbered as Excel numbers them."""

    name: str
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def positions(self, column: str) -> list[int]:
        """Where a column the mapping names is (case and spacing ignored)."""
        key = word_key(column)
        return [at for at, name in enumerate(self.header) if name and word_key(name) == key]


def load_sheet(path: Path, file: FileSection) -> Sheet:
    """The table the mapping describes; raises `FileUnreadable` if there is none."""
    try:
        return _load(path, file)
    except OSError:  # removed, locked or unreadable while being read
        raise unreadable("the file cannot be read", "", KINDS) from None


def _load(path: Path, file: FileSection) -> Sheet:
    if not path.is_file():
        raise unreadable("no file is at this path", "", KINDS)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise unreadable("the file is larger than 200 MB", "", "an export under 200 MB")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _from_header_row(_csv_table(path, file.delimiter), file.header_row, path.name)
    if suffix in (".xlsx", ".xlsm"):
        name, table = _workbook_sheet(path, file.sheet)
        return _from_header_row(table, file.header_row, name)
    raise unreadable(f"files of type '{suffix[:20] or 'none'}' cannot be mapped", "", KINDS)


def _csv_table(path: Path, delimiter: str) -> Table:
    data = path.read_bytes()
    if delimiter == ",":
        return next(iter(csv_tables([(path.name, data)]).values()))
    reader = csv.reader(
        io.StringIO(decode_csv_bytes(data, path.name), newline=""), delimiter=delimiter, strict=True
    )
    try:
        lines = [list[Cell](cells) for cells in reader]
    except csv.Error as problem:
        raise unreadable(
            f"the CSV is malformed at line {reader.line_num} ({problem})",
            "",
            "values separated as [file] delimiter says, with balanced quotes",
        ) from None
    header = [str(cell) for cell in lines[0]] if lines else []
    return Table(path.stem, header, list(enumerate(lines[1:], start=2)))


def _workbook_sheet(path: Path, wanted: str | None) -> tuple[str, Table]:
    tables = xlsx_tables(path)
    if not tables:
        raise unreadable("the workbook has no sheets", "", "a workbook with the export's sheet")
    if wanted is None:
        first = next(iter(tables.values()))
        return first.name, first
    for table in tables.values():
        if word_key(table.name) == word_key(wanted):
            return wanted, table
    found = ", ".join(tables)[:200]
    raise unreadable(
        f"the mapping's file.sheet names the sheet {wanted[:80]!r}, which the workbook does "
        f"not have (found: {found})",
        "",
        "file.sheet naming one of the workbook's sheets",
    )


def _from_header_row(table: Table, header_row: int, name: str) -> Sheet:
    rows = [(1, list[Cell](table.header)), *table.rows]
    header = next((cells for number, cells in rows if number == header_row), None)
    if header is None or not any(cell_text(cell) for cell in header):
        raise unreadable(
            f"row {header_row} (the mapping's file.header_row) is blank or beyond the end",
            "",
            "file.header_row giving the row of column names",
        )
    names = [cell_text(cell) for cell in header]
    while names and not names[-1]:
        names.pop()
    below = [(number, cells) for number, cells in rows if number > header_row]
    placed = [problem.model_copy(update={"sheet": name}) for problem in table.problems]
    return Sheet(name, names, header_row, below, placed)


__all__ = ["KINDS", "FileUnreadable", "Sheet", "load_sheet"]
