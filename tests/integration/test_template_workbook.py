"""The blank extract workbook: the contract's sheets and columns, drop-down lists of the codes
on the coded columns, and, filled in, an extract that imports without a single problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from adapters.canonical import MetadataOverrides, read_canonical
from adapters.canonical.schema import COLUMNS
from chronology.service import ChronologyService
from chronology.vocabulary import Agency, EventType, ParentalResponsibility, RelationshipType
from views.template_workbook import CODED, build_template

DATA_SHEETS = ("extract", "people", "relationships", "events")


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "template.xlsx"
    build_template().save(path)
    return path


def _drop_downs(path: Path) -> dict[tuple[str, str], list[str]]:
    """(sheet, column) -> the codes its list validation offers, read back from the file."""
    book = load_workbook(path)
    found = {}
    for name in DATA_SHEETS:
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        for validation in sheet.data_validations.dataValidation:
            assert validation.type == "list"
            first = str(validation.sqref).split(":")[0]
            column = header[column_index_from_string(first.rstrip("0123456789")) - 1]
            source_sheet, cells = validation.formula1.split("!")
            start, end = cells.replace("$", "").split(":")
            found[(name, column)] = [row[0].value for row in book[source_sheet][start:end]]
    return found


def test_the_sheets_carry_exactly_the_contracts_columns_with_the_header_frozen(
    template: Path,
) -> None:
    book = load_workbook(template)
    assert book.sheetnames[0] == "Instructions"
    for name in DATA_SHEETS:
        assert [cell.value for cell in book[name][1]] == COLUMNS[name]
        assert book[name].freeze_panes == "A2"
        assert book[name].max_row == 1, "blank below the header"


def test_every_coded_column_has_a_drop_down_of_its_codes_over_every_row(
    template: Path,
) -> None:
    found = _drop_downs(template)
    assert set(found) == set(CODED)
    assert found[("extract", "agency")] == [agency.value for agency in Agency]
    assert found[("events", "event_type")] == [code.value for code in EventType]
    assert found[("relationships", "relationship")] == [r.value for r in RelationshipType]
    assert found[("relationships", "parental_responsibility")] == [
        pr.value for pr in ParentalResponsibility
    ]
    assert found[("events", "seen_alone")] == ["yes", "no"]
    letter = get_column_letter(COLUMNS["events"].index("event_type") + 1)
    sheet = load_workbook(template)["events"]
    [event_type] = [
        v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2:")
    ]
    assert str(event_type.sqref) == f"{letter}2:{letter}1048576"
    assert event_type.errorStyle == "warning", "an unknown type is imported as other"


def test_the_filled_in_template_imports_without_a_single_problem(
    template: Path, sqlite_service: ChronologyService
) -> None:
    book = load_workbook(template)
    rows = {
        "extract": {"organisation": "NORTHSHIRE POLICE", "agency": "police"},
        "people": {
            "person_ref": "P1",
            "given_names": "Finn",
            "family_name": "Doyle",
            "sex": "male",
        },
        "relationships": {
            "person_ref": "P2",
            "relationship": "mother",
            "related_person_ref": "P1",
            "parental_responsibility": "yes",
            "pr_basis": "birth_mother",
        },
        "events": {
            "record_ref": "NP-1",
            "occurred": "05/03/2024",
            "event_type": "police_welfare_check",
            "subjects": "P1;P2",
            "summary": "Welfare check; Finn seen asleep",
            "child_seen": "yes",
        },
    }
    for name, row in rows.items():
        book[name].append([row.get(column) for column in COLUMNS[name]])
    book["people"].append(["P2", "Kerry", "Doyle"])
    book.save(template)
    parsed = sqlite_service.read_file(template)
    assert parsed.problems == ()
    outcome = sqlite_service.import_parsed(parsed, "RR-TEMPLATE", "test")
    counts = outcome.counts
    assert (counts.entries_new, counts.people_new, counts.relationships_new) == (1, 2, 1)


def test_the_instructions_and_codes_sheets_raise_no_problem_of_their_own(template: Path) -> None:
    parsed = read_canonical(template, MetadataOverrides("NORTHSHIRE POLICE", "police"))
    assert [problem.message for problem in parsed.problems] == [
        "the people sheet has a header but no rows",
        "the events sheet has a header but no rows",
    ]
