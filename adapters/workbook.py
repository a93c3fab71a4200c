"""Tables from an `.xlsx` workbook, read in streaming mode so large files stay small in memory."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from adapters.tables import Cell, Table, check_zip, unreadable

EXPECTED = "an .xlsx workbook saved by Excel or LibreOffice (not .xls, not password-protected)"


def xlsx_tables(path: Path) -> dict[str, Table]:
    """One table per sheet, keyed by the sheet's name in lower case."""
    _check_archive(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=False)
    except Exception as problem:  # openpyxl raises many kinds on damaged files
        raise unreadable(f"the workbook cannot be opened ({type(problem).__name__})", "",
                         EXPECTED) from None
    try:
        return {sheet.title.strip().lower(): _table(sheet) for sheet in book.worksheets}
    except Exception as problem:
        raise unreadable(f"the workbook is damaged ({type(problem).__name__})", "",
                         EXPECTED) from None
    finally:
        book.close()


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive)
    except zipfile.BadZipFile:
        raise unreadable("the file is not an .xlsx workbook", "", EXPECTED) from None


def _table(sheet: object) -> Table:
    name = str(getattr(sheet, "title", "")).strip().lower()
    rows = getattr(sheet, "iter_rows")(values_only=True)  # noqa: B009
    header_cells = next(rows, ())
    header = ["" if cell is None else str(cell) for cell in header_cells]
    while header and not header[-1].strip():
        header.pop()
    body: list[tuple[int, list[Cell]]] = []
    for number, cells in enumerate(rows, start=2):
        if any(cell is not None and str(cell).strip() for cell in cells):
            body.append((number, list(cells)))
    return Table(name=name, header=header, rows=body)
