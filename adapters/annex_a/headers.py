"""Which Annex A list a sheet holds, where its header row is, and which column is which.

Sheets are named by their list ("List 3 - Referrals", "List3", "Annex A List 3"); a sheet named
otherwise is known by its header. Some authorities put a title above the header, so the header
is the first of the top rows that names the child's identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.annex_a.lists import LISTS, AnnexList
from adapters.cells import cell_text
from adapters.tables import Cell, Table
from chronology.problems import Problem, error, warning

_LIST_NAME = re.compile(r"(?:^|[^a-z])list\s*[-_.:]?\s*0*(\d{1,2})(?!\d)", re.IGNORECASE)
HEADER_SEARCH_ROWS = 10
MAX_HEADER_CHARS = 300


@dataclass(frozen=True)
class Layout:
    """A list sheet's header row, and the header (as written) of each column the list names."""

    spec: AnnexList
    sheet: str
    header_row: int
    names: tuple[str, ...]  # every header cell as written, by position
    columns: dict[str, str]  # column key -> header as written

    @property
    def unknown(self) -> tuple[str, ...]:
        """Named columns the list does not specify (kept, never silently dropped)."""
        known = set(self.columns.values())
        return tuple(n for n in dict.fromkeys(self.names) if n and n not in known)


def list_number(sheet: str) -> int | None:
    """The list number in a sheet's name ("List 3 - Referrals" -> 3), if it names one."""
    match = _LIST_NAME.search(sheet)
    return int(match.group(1)) if match else None


def header_rows(table: Table) -> list[tuple[int, list[str]]]:
    """The top rows of a sheet as text: the candidates for its header."""
    top = [(1, list[Cell](table.header)), *table.rows[:HEADER_SEARCH_ROWS]]
    return [
        (number, [cell_text(cell)[:MAX_HEADER_CHARS] for cell in cells]) for number, cells in top
    ]


def find_header(table: Table) -> tuple[int, list[str]]:
    """The first top row naming the child's identifier; else row 1."""
    child_id = LISTS[0].column("child_id")
    rows = header_rows(table)
    return next((row for row in rows if any(map(child_id.matches, row[1]))), rows[0])


def list_by_header(table: Table) -> AnnexList | None:
    """The list whose key columns the sheet's header names best (for sheets named otherwise)."""
    _, names = find_header(table)
    scored = [(_matched(spec, names), spec) for spec in LISTS if _has_key_columns(spec, names)]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _matched(spec: AnnexList, names: list[str]) -> int:
    return sum(any(column.matches(name) for name in names) for column in spec.columns)


def _has_key_columns(spec: AnnexList, names: list[str]) -> bool:
    return all(any(c.matches(n) for n in names) for c in spec.columns if c.required)


def layout(table: Table, spec: AnnexList, sheet: str, problems: list[Problem]) -> Layout | None:
    """The sheet's layout; None (with an error per missing required column) if unusable."""
    row, names = find_header(table)
    columns: dict[str, str] = {}
    for column in spec.columns:
        found = [name for name in names if column.matches(name)]
        if found:
            columns[column.key] = found[0]
        if len(found) > 1:
            problems.append(_twice(sheet, row, found[0]))
        if not found and column.required:
            problems.append(_missing(sheet, row, column.header, names))
    if any(column.required and column.key not in columns for column in spec.columns):
        return None
    return Layout(spec, sheet, row, tuple(names), columns)


def _missing(sheet: str, row: int, header: str, names: list[str]) -> Problem:
    found = ", ".join(name for name in names if name)[:200] or "none"
    return error(
        f"the required column {header} is missing (found: {found})",
        sheet=sheet,
        row=row,
        column=header,
        expected=f"a header cell reading '{header}'",
    )


def _twice(sheet: str, row: int, header: str) -> Problem:
    return warning(
        f"two columns are headed {header}; the first is read",
        sheet=sheet,
        row=row,
        column=header,
        expected="each column once",
    )
