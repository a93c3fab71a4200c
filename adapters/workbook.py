"""Tables from an `.xlsx` workbook, read in streaming mode so large files stay small in memory."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from adapters.tables import Cell, FileUnreadable, Table, check_new_sheet, check_zip, unreadable

EXPECTED = "an .xlsx workbook saved by Excel or LibreOffice (not .xls, not password-protected)"


def xlsx_tables(path: Path) -> dict[str, Table]:
    """One table per sheet, keyed by the sheet's name in lower case."""
    _check_archive(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise unreadable(
            "the workbook cannot be opened: it is damaged or not an .xlsx workbook", "", EXPECTED
        ) from None
    tables: dict[str, Table] = {}
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            check_new_sheet(tables, name, name)
            tables[name] = _table(sheet)
    except FileUnreadable:
        raise
    except Exception:
        raise unreadable("the workbook is damaged: a sheet cannot be read", "", EXPECTED) from None
    finally:
        book.close()
    return tables


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive)
    except zipfile.BadZipFile:
        raise unreadable("the file is not an .xlsx workbook", "", EXPECTED) from None


def _table(sheet: object) -> Table:
    name = str(getattr(sheet, "title", "")).strip().lower()
    # The stored dimension (e.g. A1:XFD1048576) would pad every row to 16,384 cells: ignore it.
    getattr(sheet, "reset_dimensions")()  # noqa: B009
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
