"""Checking a sheet's header and turning its rows into `RowReader`s with placed problems."""

from __future__ import annotations

from collections.abc import Iterator

from adapters.canonical.schema import COLUMNS, REQUIRED_COLUMNS, REQUIRED_SHEETS
from adapters.cells import RowReader, cell_text
from adapters.tables import Cell, Table
from chronology.problems import Problem, error, warning

MAX_COLUMN_NAME = 100


def columns_of(table: Table, problems: list[Problem]) -> list[str] | None:
    """The header as lower-case names; None (with problems) if it cannot be used."""
    names = [cell_text(name).lower() for name in table.header]
    usable = True
    seen: set[str] = set()
    for position, name in enumerate(names):
        if len(name) > MAX_COLUMN_NAME:
            problems.append(
                error(
                    f"column {position + 1} has a name {len(name):,} characters long",
                    sheet=table.name,
                    row=1,
                    column=_letters(position),
                    value=name[:80],
                    expected=f"at most {MAX_COLUMN_NAME} characters",
                )
            )
            usable = False
        elif name and name in seen:
            problems.append(
                error(
                    f"the column {name} appears twice",
                    sheet=table.name,
                    row=1,
                    column=name,
                    expected="each column once",
                )
            )
            usable = False
        seen.add(name)
    for name in REQUIRED_COLUMNS[table.name]:
        if name not in seen:
            found = ", ".join(n for n in names if n) or "none"
            problems.append(
                error(
                    f"the required column {name} is missing (found: {found[:200]})",
                    sheet=table.name,
                    row=1,
                    column=name,
                    expected=f"a header row naming {name}",
                )
            )
            usable = False
    return names if usable else None


def rows_of(table: Table, problems: list[Problem]) -> Iterator[RowReader]:
    """A reader for every non-blank row of a sheet whose header is usable."""
    if not any(cell_text(name) for name in table.header) and not table.rows:
        if table.name in REQUIRED_SHEETS:
            problems.append(
                error(
                    f"the {table.name} sheet is empty",
                    sheet=table.name,
                    row=1,
                    expected="a header row, then one row per record",
                )
            )
        return
    names = columns_of(table, problems)
    if names is None:
        return
    width = len(names)
    unnamed = [position for position, name in enumerate(names) if not name]
    rows = 0
    for number, cells in table.rows:
        if not any(cell_text(cell) for cell in cells):
            continue
        rows += 1
        if len(cells) > width and any(cell_text(cell) for cell in cells[width:]):
            problems.append(
                error(
                    f"the row has {len(cells)} cells but the header {width}",
                    sheet=table.name,
                    row=number,
                    expected="no values beyond the last named column",
                )
            )
            continue
        stray = [p for p in unnamed if p < len(cells) and cell_text(cells[p])]
        if stray:
            problems.append(
                error(
                    f"column {_letters(stray[0])} has a value but no name in the header",
                    sheet=table.name,
                    row=number,
                    column=_letters(stray[0]),
                    value=cell_text(cells[stray[0]])[:80],
                    expected="a column name in row 1 above every value",
                )
            )
            continue
        row: dict[str, Cell] = dict(zip(names, cells, strict=False))
        yield RowReader(table.name, number, row, problems)
    if not rows and table.name in REQUIRED_SHEETS:
        problems.append(
            warning(
                f"the {table.name} sheet has a header but no rows",
                sheet=table.name,
                row=2,
                expected="one row per record",
            )
        )


def _letters(position: int) -> str:
    """The spreadsheet letters of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def extra_columns(reader: RowReader) -> dict[str, str]:
    """Columns the contract does not name, kept as attributes (never silently dropped)."""
    known = COLUMNS[reader.sheet]
    return {
        name: text
        for name in sorted(reader.cells)
        if name and name not in known and (text := reader.any_text(name))
    }
