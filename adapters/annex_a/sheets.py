"""Sorting a workbook's sheets: the lists this adapter reads (1 to 8), and the rest, ignored.

Lists 9 to 11 (care leavers, adoption) and sheets that are not lists (a cover page, notes)
are each ignored with one warning; a list sheet without its required columns is an error.
"""

from __future__ import annotations

from adapters.annex_a.headers import Layout, layout, list_by_header, list_number
from adapters.annex_a.lists import SKIPPED, AnnexList, annex_list
from adapters.cells import cell_text
from adapters.tables import Table
from chronology.problems import Problem, error, warning

LIST_SHEETS = "sheets such as 'List 1 - Contacts' to 'List 8 - Children in Care'"


def list_layouts(
    tables: dict[str, Table], titles: dict[str, str], problems: list[Problem]
) -> list[tuple[Layout, Table]]:
    """The usable list sheets in workbook order, each with its layout."""
    found: list[tuple[Layout, Table]] = []
    for name, table in tables.items():
        sheet = titles.get(name, name)
        spec = _spec(table, sheet, problems)
        if spec is None:
            continue
        if _empty(table):
            problems.append(warning(f"the {sheet} sheet is empty", sheet=sheet, row=1))
            continue
        sorted_out = layout(table, spec, sheet, problems)
        if sorted_out is not None:
            found.append((sorted_out, table))
    return found


def _spec(table: Table, sheet: str, problems: list[Problem]) -> AnnexList | None:
    """The list a sheet holds, or None (with a warning) for a sheet this adapter ignores."""
    number = list_number(sheet)
    spec = annex_list(number) if number is not None else list_by_header(table)
    if spec is not None:
        return spec
    if number in SKIPPED:
        reason = f"List {number} ({SKIPPED[number]}) is not read: its sheet is ignored"
    elif number is not None:
        reason = f"Annex A has no list {number}: the sheet is ignored"
    else:
        reason = "the sheet is not an Annex A list: it is ignored"
    problems.append(warning(reason, sheet=sheet, expected=LIST_SHEETS))
    return None


def _empty(table: Table) -> bool:
    return not table.rows and not any(cell_text(name) for name in table.header)


def no_lists(file_name: str) -> Problem:
    return error(
        "no Annex A list 1 to 8 was found in the workbook",
        sheet=file_name[:200] or "file",
        expected=f"{LIST_SHEETS}, with a header naming Child Unique ID",
    )
