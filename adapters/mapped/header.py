"""Matching a mapping's column names to an export's header row.

A column the mapping names must be in the header exactly once (case and spacing forgiven):
a missing one is an error naming both the column and the mapping key that asked for it.
Columns the mapping neither uses nor ignores are kept with each entry (never silently
dropped); values in columns without a name are reported once.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.cells import cell_text
from adapters.mapped.mapping import Mapping
from adapters.mapped.source import Sheet
from adapters.mapped.words import word_key
from adapters.tables import Cell
from chronology.problems import Problem, error, warning


@dataclass(frozen=True)
class Header:
    """The columns to read: every named column once, by its name as the header writes it."""

    names: dict[str, str]  # word_key -> name as written
    positions: dict[str, int]  # name as written -> position (its first, if repeated)
    kept: tuple[str, ...]  # names kept as each entry's extra columns

    def shown(self, column: str) -> str:
        """A column the mapping names, as the header spells it."""
        return self.names.get(word_key(column), column)

    def cells(self, row: list[Cell]) -> dict[str, Cell]:
        return {name: row[at] if at < len(row) else None for name, at in self.positions.items()}


def match_header(sheet: Sheet, mapping: Mapping, problems: list[Problem]) -> Header | None:
    """The header, or None (with errors) if a column the mapping uses is missing or repeated."""
    usable = True
    for key, column in mapping.columns_used():
        found = sheet.positions(column)
        if len(found) != 1:
            problems.append(_unusable(sheet, key, column, len(found)))
            usable = False
    for column in mapping.file.ignore:
        if not sheet.positions(column):
            problems.append(_stale_ignore(sheet, column))
    if not usable:
        return None
    positions: dict[str, int] = {}
    seen: set[str] = set()
    for at, name in enumerate(sheet.header):
        if name and word_key(name) not in seen:  # a repeated unused column: its first is kept
            positions[name] = at
            seen.add(word_key(name))
    used = {word_key(column) for _, column in mapping.columns_used()}
    used |= {word_key(column) for column in mapping.file.ignore}
    kept = tuple(name for name in positions if word_key(name) not in used)
    names = {word_key(name): name for name in positions}
    _unnamed_values(sheet, problems)
    return Header(names, positions, kept)


def _unusable(sheet: Sheet, key: str, column: str, times: int) -> Problem:
    found = ", ".join(name for name in sheet.header if name)[:200] or "none"
    said = "is not in the file" if times == 0 else f"appears {times} times in the header"
    return error(
        f"the mapping's {key} names the column {column[:80]!r}, which {said}",
        sheet=sheet.name,
        row=sheet.header_row,
        column=column[:80],
        expected=f"one column named {column[:80]!r} in row {sheet.header_row} (found: {found})",
    )


def _stale_ignore(sheet: Sheet, column: str) -> Problem:
    return warning(
        f"the mapping's file.ignore names the column {column[:80]!r}, which is not in the file",
        sheet=sheet.name,
        row=sheet.header_row,
        column=column[:80],
        expected="file.ignore naming columns of the header row",
    )


def _unnamed_values(sheet: Sheet, problems: list[Problem]) -> None:
    """The first value under no column name: it cannot be read, so the uploader is told."""
    for number, cells in sheet.rows:
        for at, cell in enumerate(cells):
            unnamed = at >= len(sheet.header) or not sheet.header[at]
            if unnamed and cell_text(cell):
                problems.append(
                    warning(
                        f"column {at + 1} has values but no name in the header; they are not read",
                        sheet=sheet.name,
                        row=number,
                        column=f"column {at + 1}",
                        value=cell_text(cell)[:80],
                        expected=f"a column name in row {sheet.header_row} above every value",
                    )
                )
                return
