"""The review chronology as CSV: the Excel sheet's columns, for any tool that reads CSV.

UTF-8 with a byte order mark, so that Excel opens it with every accent and symbol intact;
every cell made formula-safe (`views.safe_text.spreadsheet_safe`), so that a text starting
"=", "+", "-" or "@" is shown, never run. Agency text keeps its line breaks (in quotes).
"""

from __future__ import annotations

from pathlib import Path

from views.exports.document import ReviewChronology
from views.exports.excel import ENTRY_COLUMNS, entry_values
from views.safe_text import csv_text


def write_csv(document: ReviewChronology, path: Path) -> None:
    header = [column.title for column in ENTRY_COLUMNS]
    text = csv_text(header, (entry_values(row) for row in document.rows))
    path.write_text(text, encoding="utf-8-sig", newline="")
