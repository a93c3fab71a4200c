"""The review chronology as an Excel workbook: every field of every entry, to sort and filter.

Sheet "Chronology" has one row per entry (`ENTRY_COLUMNS`, which the CSV export shares), its
header frozen and filtered; "Flags" lists the flags, and "Glossary" the labels of an
anonymised workbook. No cell is ever a formula: every text is written as a string cell and,
when it starts as a formula would (=, +, -, @, tab, carriage return), styled with a quote
prefix so that Excel shows it as typed; the text itself stays exactly what the agency wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from chronology.domain.review_work import Rag
from views.exports import reproducible_zip, xml_text
from views.exports.document import ChronologyRow, ReviewChronology
from views.safe_text import FORMULA_STARTS

EXCEL_CELL_LIMIT = 32_767
CUT = " [cut: longer than an Excel cell holds]"
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)
RAG_FILLS = {
    Rag.RED: (PatternFill("solid", fgColor="C00000"), Font(bold=True, color="FFFFFF")),
    Rag.AMBER: (PatternFill("solid", fgColor="FFC000"), BOLD),
    Rag.GREEN: (PatternFill("solid", fgColor="00B050"), BOLD),
}
Cell = str | int | None


@dataclass(frozen=True)
class Column:
    """One column of the entries sheet: its title, width in characters and its value."""

    title: str
    width: int
    value: Callable[[ChronologyRow], Cell]
    wrap: bool = False


def _joined(items: Sequence[str]) -> str:
    return "; ".join(items)


def _notes(row: ChronologyRow) -> str:
    return "\n".join(note.line() for note in row.analysis)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


ENTRY_COLUMNS = (
    Column("Date", 17, lambda r: r.date),
    Column("Occurred", 17, lambda r: r.occurred),
    Column("Occurred end", 12, lambda r: r.occurred_end),
    Column("Precision", 10, lambda r: r.precision),
    Column("Uncertain", 10, lambda r: _yes_no(r.uncertain)),
    Column("Recorded on", 12, lambda r: r.recorded_on),
    Column("Organisation", 28, lambda r: r.organisation, wrap=True),
    Column("Agency", 16, lambda r: r.agency),
    Column("Area", 14, lambda r: r.area),
    Column("Event type", 22, lambda r: r.event_type, wrap=True),
    Column("Summary", 50, lambda r: r.summary, wrap=True),
    Column("Detail", 50, lambda r: r.detail, wrap=True),
    Column("Subjects", 24, lambda r: _joined(r.subjects), wrap=True),
    Column("Source", 24, lambda r: r.source, wrap=True),
    Column("Record ref", 14, lambda r: r.record_ref),
    Column("Extract", 24, lambda r: r.extract_file, wrap=True),
    Column("Extract id", 38, lambda r: r.extract),
    Column("Row", 6, lambda r: r.source_row),
    Column("Shared with", 24, lambda r: _joined(r.shared_with), wrap=True),
    Column("Shared on", 12, lambda r: r.shared_on),
    Column("Invited", 24, lambda r: _joined(r.invited), wrap=True),
    Column("Attended", 24, lambda r: _joined(r.attended), wrap=True),
    Column("Outcome", 36, lambda r: r.outcome, wrap=True),
    Column("Child seen", 11, lambda r: r.child_seen),
    Column("Seen alone", 11, lambda r: r.seen_alone),
    Column("Child's voice", 36, lambda r: r.child_voice, wrap=True),
    Column("Status", 10, lambda r: r.status),
    Column("Version", 8, lambda r: r.version),
    Column("Significance", 12, lambda r: r.significance.value if r.significance else ""),
    Column("Reviewer's analysis", 44, lambda r: _notes(r), wrap=True),
    Column("Flags", 36, lambda r: _joined(r.flags), wrap=True),
    Column("Entry id", 38, lambda r: r.id),
)


def entry_values(row: ChronologyRow) -> list[Cell]:
    """The row's cells in `ENTRY_COLUMNS` order (the CSV export's rows too)."""
    return [column.value(row) for column in ENTRY_COLUMNS]


def write_xlsx(document: ReviewChronology, path: Path) -> None:
    """Writes the workbook; the same document always gives the same bytes."""
    book = Workbook()
    _entries(book.active, document)
    _flags(book.create_sheet("Flags"), document)
    if document.anonymised:
        _glossary(book.create_sheet("Glossary"), document)
    _properties(book, document)
    path.write_bytes(reproducible_zip(_saved(book), document.produced_on))


def _flags(sheet: Any, document: ReviewChronology) -> None:
    titles = ("Severity", "Rule", "Flag", "Why", "Agencies", "Reviewers' decision")
    rows = [
        [f.severity, f.rule, f.title, f.explanation, ", ".join(f.agencies), f.review]
        for f in document.flags
    ]
    _listing(sheet, titles, (10, 30, 40, 90, 30, 40), rows)


def _glossary(sheet: Any, document: ReviewChronology) -> None:
    titles = ("Label", "Child or adult", "Known to")
    rows = [[item.label, item.kind, ", ".join(item.known_to)] for item in document.glossary]
    _listing(sheet, titles, (24, 16, 60), rows)


def _entries(sheet: Any, document: ReviewChronology) -> None:
    sheet.title = "Chronology"
    _header(sheet, [column.title for column in ENTRY_COLUMNS], [c.width for c in ENTRY_COLUMNS])
    significance = [c.title for c in ENTRY_COLUMNS].index("Significance") + 1
    for number, row in enumerate(document.rows, start=2):
        for place, column in enumerate(ENTRY_COLUMNS, start=1):
            cell = put(sheet, number, place, column.value(row))
            cell.alignment = WRAP if column.wrap else TOP
        if row.significance is not None:
            fill, font = RAG_FILLS[row.significance]
            cell = sheet.cell(row=number, column=significance)
            cell.fill, cell.font = fill, font
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.oddHeader.center.text = document.marking
    sheet.oddFooter.center.text = f"{document.marking} - Page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"


def _listing(
    sheet: Any, titles: Sequence[str], widths: Sequence[int], rows: list[list[str]]
) -> None:
    _header(sheet, titles, widths)
    for number, values in enumerate(rows, start=2):
        for place, value in enumerate(values, start=1):
            put(sheet, number, place, value).alignment = WRAP
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _header(sheet: Any, titles: Sequence[str], widths: Sequence[int]) -> None:
    for place, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        put(sheet, 1, place, title).font = BOLD
        sheet.column_dimensions[get_column_letter(place)].width = width


def put(sheet: Any, row: int, column: int, value: Cell) -> Any:
    """A cell holding the value as data: numbers as numbers, any text as a string cell
    (never a formula), quote-prefixed when Excel would otherwise read it as one."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, int) or value is None or value == "":
        cell.value = value if value != "" else None
        return cell
    text = xml_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(CUT)] + CUT
    cell.value = text
    cell.data_type = "s"  # openpyxl takes text starting "=" for a formula; it is not one
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _properties(book: Workbook, document: ReviewChronology) -> None:
    produced = datetime.combine(document.produced_on, time())
    properties = book.properties
    properties.title = f"{document.title}: {document.case_ref}"
    properties.subject = properties.keywords = document.marking
    properties.creator = properties.lastModifiedBy = "chronology"
    properties.created = properties.modified = produced


def _saved(book: Workbook) -> bytes:
    """The workbook's bytes, saved without `Workbook.save`, which stamps the time it runs."""
    saved = BytesIO()
    with ZipFile(saved, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return saved.getvalue()
