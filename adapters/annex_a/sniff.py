"""Recognising an Annex A workbook cheaply, and the sheet names as the authority wrote them.

The sheet names come from the workbook part of the .xlsx (a few kilobytes), parsed with
defusedxml; only a workbook whose sheets are not named for lists is opened to look at the
top rows of its sheets.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook

from adapters.annex_a.headers import HEADER_SEARCH_ROWS, list_number
from adapters.annex_a.lists import LISTS
from adapters.tables import MAX_FILE_BYTES, check_zip

WORKBOOK_PART = "xl/workbook.xml"
MAX_PART_BYTES = 64 * 1024
MAX_SNIFFED_SHEETS = 20
CANONICAL_SHEETS = frozenset({"extract", "people", "relationships", "events"})


def sheet_titles(path: Path) -> list[str]:
    """The workbook's sheet names in order, as written; [] if they cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(WORKBOOK_PART)
            if info.file_size > MAX_PART_BYTES:
                return []
            with archive.open(info) as part:
                root = fromstring(part.read(MAX_PART_BYTES))
        return [str(node.get("name", "")) for node in root.iter() if _is_sheet(node.tag)]
    except Exception:  # a damaged or hostile file is simply not recognised
        return []


def _is_sheet(tag: object) -> bool:
    return isinstance(tag, str) and (tag == "sheet" or tag.endswith("}sheet"))


def recognises(path: Path) -> bool:
    """True if the file is an .xlsx whose sheets are Annex A lists (never raises)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return False
        titles = sheet_titles(path)
    except OSError:
        return False
    if {title.strip().lower() for title in titles} & CANONICAL_SHEETS:
        return False
    if any(number in range(1, 12) for number in map(list_number, titles) if number):
        return True
    return bool(titles) and _headers_look_like_lists(path)


def _headers_look_like_lists(path: Path) -> bool:
    """Whether a top row of some sheet names the child's identifier and a list's key date."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=True)
        try:
            return any(_sheet_looks_like_a_list(s) for s in book.worksheets[:MAX_SNIFFED_SHEETS])
        finally:
            book.close()
    except Exception:  # a damaged or hostile file is simply not recognised
        return False


def _sheet_looks_like_a_list(sheet: object) -> bool:
    rows = getattr(sheet, "iter_rows")(max_row=HEADER_SEARCH_ROWS, max_col=60, values_only=True)  # noqa: B009
    for cells in rows:
        names = [str(cell) for cell in cells if cell is not None]
        for spec in LISTS:
            if all(any(c.matches(n) for n in names) for c in spec.columns if c.required):
                return True
    return False
