"""The blank canonical extract agencies fill in (EXTRACT-FORMAT.md, version 1).

The four sheets carry exactly the contract's columns (adapters/canonical/schema.py), with
the header row frozen and the required columns marked; every coded column has a drop-down
list of its codes (chronology/vocabulary.py), kept on a `codes` sheet the lists point at.
An `Instructions` sheet comes first. The reader reads only the sheets the format names, so
a filled-in template imports as it stands, Instructions and codes sheets included.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from enum import StrEnum
from functools import cache

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from adapters.canonical.schema import COLUMNS, REQUIRED_COLUMNS
from chronology.vocabulary import (
    Agency,
    ChildSeen,
    EventType,
    ParentalResponsibility,
    PRBasis,
    RelationshipType,
    Sex,
    YesNo,
    YesNoUnknown,
)

TEMPLATE_NAME = "chronology-extract-template.xlsx"
SHEETS = ("extract", "people", "relationships", "events")
LAST_ROW = 1_048_576  # the drop-downs cover every row Excel has
CODES = "codes"


def _codes(vocabulary: type[StrEnum] | Iterable[str]) -> list[str]:
    return [str(getattr(code, "value", code)) for code in vocabulary]


# (sheet, column) -> the codes its drop-down offers
CODED: dict[tuple[str, str], list[str]] = {
    ("extract", "agency"): _codes(Agency),
    ("people", "sex"): _codes(Sex),
    ("people", "interpreter_needed"): _codes(YesNo),
    ("relationships", "relationship"): _codes(RelationshipType),
    ("relationships", "parental_responsibility"): _codes(ParentalResponsibility),
    ("relationships", "pr_basis"): _codes(PRBasis),
    ("relationships", "lives_with_child"): _codes(YesNoUnknown),
    ("events", "event_type"): _codes(EventType),
    ("events", "child_seen"): _codes(ChildSeen),
    ("events", "seen_alone"): _codes(YesNo),
    ("events", "status"): ["withdrawn"],
}
# An unknown event type is imported as `other` with a warning, so its list only warns.
WARN_ONLY = {("events", "event_type")}
NAMES = ("given_names", "family_name", "known_as")
DATES = (
    "date_of_birth expected_birth_date address_since from to occurred occurred_end "
    "recorded_on shared_on extracted_on"
).split()

SHEET_NOTES = {
    "extract": "One row about the extract: who sent it. The upload page's fields win over it.",
    "people": "One row per person the extract mentions.",
    "relationships": "Each row: person_ref is the relationship of related_person_ref. "
    "May be left empty.",
    "events": "One row per agency record (an entry).",
}
NOTES = {
    "organisation": "the sending organisation, e.g. Northshire Police",
    "area": "the local authority area served for this case",
    "source_system": "e.g. Mosaic, SystmOne, Niche, CPOMS",
    "person_ref": "your own identifier, or any label unique within the extract",
    "known_as": "other names and aliases, ;-separated (maiden name, 'Baby of ...')",
    "upn": "school unique pupil number",
    "la_child_id": "local authority child identifier",
    "language": "first language",
    "related_person_ref": "the person_ref of the other person",
    "nhs_number": "10 digits, spaces allowed",
    "postcode": "a UK postcode",
    "parental_responsibility": "blank means not recorded, which is itself a finding",
    "record_ref": "your own record identifier, unique within your organisation for the case",
    "summary": "a short factual account, at most 500 characters",
    "subjects": "the person_refs the entry is about",
    "detail": "the longer narrative",
    "source": "document, team or practitioner role, e.g. HV1 contact record",
    "child_voice": "what the child said, or how a pre-verbal child presented",
    "shared_with": "agency codes or organisation names it was shared with, ;-separated",
    "invited": "for meetings: agency codes or organisation names invited, ;-separated",
    "attended": "for meetings: who attended, ;-separated",
    "outcome": "the decision or outcome",
    "status": "blank, or withdrawn to withdraw an entry sent before (detail says why)",
    "attributes": 'a JSON object, e.g. {"children_present": true, "dash_risk": "high"}',
}
HEADER = Font(bold=True)
REQUIRED = PatternFill("solid", fgColor="FFF2CC")


@cache
def template_bytes() -> bytes:
    """The workbook as .xlsx bytes (built once: it depends on the code alone)."""
    buffer = io.BytesIO()
    build_template().save(buffer)
    return buffer.getvalue()


def build_template() -> Workbook:
    book = Workbook()
    _instructions(book.active)
    sources = _sources()
    for sheet in SHEETS:
        _data_sheet(book.create_sheet(sheet), sheet, sources)
    _codes_sheet(book.create_sheet(CODES))
    return book


def _sources() -> dict[tuple[str, str], str]:
    """Where each coded column's list is on the codes sheet (codes!$A$2:$A$20)."""
    sources = {}
    for position, (key, values) in enumerate(CODED.items(), start=1):
        letter = get_column_letter(position)
        sources[key] = f"{CODES}!${letter}$2:${letter}${len(values) + 1}"
    return sources


def _codes_sheet(codes: Worksheet) -> None:
    """One column of codes per coded column, headed sheet.column, in `_sources` order."""
    for position, (key, values) in enumerate(CODED.items(), start=1):
        codes.cell(row=1, column=position, value=".".join(key)).font = HEADER
        for row, value in enumerate(values, start=2):
            codes.cell(row=row, column=position, value=value)
    codes.freeze_panes = "A2"
    _widen(codes)


def _data_sheet(sheet: Worksheet, name: str, sources: dict[tuple[str, str], str]) -> None:
    sheet.append(COLUMNS[name])
    for position, column in enumerate(COLUMNS[name], start=1):
        cell = sheet.cell(row=1, column=position)
        cell.font = HEADER
        if column in REQUIRED_COLUMNS[name]:
            cell.fill = REQUIRED
        if (name, column) in sources:
            _drop_down(sheet, column, get_column_letter(position), sources[(name, column)])
    sheet.freeze_panes = "A2"
    _widen(sheet)


def _drop_down(sheet: Worksheet, column: str, letter: str, source: str) -> None:
    """A list validation over the whole column, pointing at the codes sheet."""
    warn = (sheet.title, column) in WARN_ONLY
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning" if warn else "stop",
        errorTitle=f"Not a {column} code",
        error=(
            "Not in the list: it will be imported as 'other' with a warning."
            if warn
            else f"Choose one of the codes in the list (see the {CODES} sheet)."
        ),
    )
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(validation)


def _instructions(sheet: Worksheet) -> None:
    sheet.title = "Instructions"
    for line in _instruction_lines():
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=14)
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in SHEETS:
            for cell in row:
                cell.font = HEADER
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    for row in sheet.iter_rows():
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")


def _instruction_lines() -> list[list[str]]:
    lines = [
        ["How to fill in this extract"],
        ["Fill in one row per record on the sheets extract, people, relationships and events."],
        ["Keep the column names in row 1 as they are; add columns of your own after them."],
        [
            "Dates: 05/03/2024 (day first), 05/03/2024 14:20, 03/2024 or 2024 if that is all "
            "you know, and ?05/03/2024 if unsure. Never month first."
        ],
        ["Lists of several values (subjects, known_as, shared_with...) are ;-separated."],
        ["Coded columns have a drop-down list; the codes are also on the codes sheet."],
        ["Required columns are shaded. Upload the file on the case's upload page."],
        [],
        ["column", "required", "what to put"],
    ]
    for sheet in SHEETS:
        lines += [[], [sheet, "", SHEET_NOTES[sheet]]]
        lines += [
            [column, _required(sheet, column), _note(sheet, column)] for column in COLUMNS[sheet]
        ]
    return lines


def _required(sheet: str, column: str) -> str:
    if column in REQUIRED_COLUMNS[sheet]:
        return "yes"
    if sheet == "extract" and column in ("organisation", "agency"):
        return "yes, here or on the upload page"
    return "one of three" if column in NAMES else ""


def _note(sheet: str, column: str) -> str:
    if column in NOTES:
        return NOTES[column]
    if (sheet, column) in CODED:
        return "choose from the drop-down list"
    return "a date (day first; partial and ? dates allowed)" if column in DATES else ""


def _widen(sheet: Worksheet) -> None:
    for cells in sheet.iter_cols(max_row=min(sheet.max_row, 200)):
        longest = max(len(str(cell.value or "")) for cell in cells)
        sheet.column_dimensions[cells[0].column_letter].width = min(max(longest + 2, 12), 40)
