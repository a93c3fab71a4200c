"""The data rows of a list sheet: those below its header row, each read once.

A row that repeats an earlier row cell for cell (a copy-and-paste slip) is read once, with a
warning, rather than putting the same contact on the timeline twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from adapters.annex_a.headers import Layout
from adapters.annex_a.row import ListRow
from adapters.cells import RowReader, cell_text
from adapters.tables import Cell, Table
from chronology.problems import Problem, warning


def list_rows(
    layout: Layout, table: Table, problems: list[Problem], today: date
) -> Iterator[ListRow]:
    """A `ListRow` for every distinct non-blank row below the header."""
    seen: dict[tuple[str, ...], int] = {}
    for number, cells in table.rows:
        if number <= layout.header_row:
            continue
        texts = tuple(cell_text(cell) for cell in cells[: len(layout.names)])
        if not any(texts):
            continue
        if texts in seen:
            problems.append(_repeat(layout.sheet, number, seen[texts]))
            continue
        seen[texts] = number
        yield ListRow(
            layout, RowReader(layout.sheet, number, _by_name(layout, cells), problems), today
        )


def _by_name(layout: Layout, cells: list[Cell]) -> dict[str, Cell]:
    """The cells by header as written; a header used twice keeps its first column."""
    named: dict[str, Cell] = {}
    for name, cell in zip(layout.names, cells, strict=False):
        if name:
            named.setdefault(name, cell)
    return named


def _repeat(sheet: str, row: int, first: int) -> Problem:
    return warning(
        f"the row repeats row {first} exactly; it is read once",
        sheet=sheet,
        row=row,
        expected="each contact, referral, assessment, enquiry, plan or period of care once",
    )
