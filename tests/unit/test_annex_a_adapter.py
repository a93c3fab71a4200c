"""The Annex A adapter reads Northshire's return into children and entries, and names every
problem by its sheet, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from adapters.annex_a import FORMAT, read, recognises
from adapters.canonical import MetadataOverrides
from chronology.records import ParsedExtract
from chronology.vocabulary import Agency, EventType, Sex
from fixtures.formats.annex_a import build
from tests.builders import police_extract

NORTHSHIRE = MetadataOverrides(organisation="NORTHSHIRE COUNTY COUNCIL", area="Northshire")
TODAY = build.RETURN_DATE
L1, L2, L3, L4 = (
    "List 1 - Contacts",
    "List 2 - Early Help",
    "List 3 - Referrals",
    "List 4 - Assessments",
)
L5, L6, L7, L8 = (
    "List 5 - Section 47",
    "List 6 - Children in Need",
    "List 7 - Child Protection",
    "List 8 - Children in Care",
)
ALLOCATED = {"team": "Northshire Assessment Team", "worker": "Ada Quill"}


@pytest.fixture(scope="module")
def northshire() -> ParsedExtract:
    return read(build.FIXTURE, NORTHSHIRE, today=TODAY)


def _sheets(**changes: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """Northshire's sheets with some replaced (by list number: l1=...) or removed ([])."""
    sheets = build.northshire_sheets()
    for key, rows in changes.items():
        name = build.SHEETS[int(key[1:])]
        if rows:
            sheets[name] = rows
        else:
            del sheets[name]
    return sheets


def _list(number: int, *rows: tuple[str, dict[str, Any]]) -> list[list[Any]]:
    """One list sheet: the template header, then the rows for fictional children."""
    return [[header for _, header in build.HEADERS[number]], *build.list_cells(number, rows)]


def _read(tmp_path: Path, sheets: dict[str, list[list[Any]]], **options: Any) -> ParsedExtract:
    path = build.write(tmp_path / "return.xlsx", sheets)
    return read(path, options.pop("overrides", NORTHSHIRE), today=TODAY, **options)


def _places(parsed: ParsedExtract, errors: bool = True) -> set[str]:
    return {p.place() for p in (parsed.errors if errors else parsed.warnings)}


# --------------------------------------------------------------------------- the fixture


def test_the_fixture_is_rebuilt_byte_for_byte(tmp_path: Path) -> None:
    rebuilt = build.write(tmp_path / "again.xlsx")
    assert rebuilt.read_bytes() == build.FIXTURE.read_bytes()


def test_the_format_is_named_as_the_command_line_names_it() -> None:
    assert FORMAT == "annex-a"


def test_northshire_reads_without_errors_and_skips_lists_9_and_10(
    northshire: ParsedExtract,
) -> None:
    assert northshire.errors == []
    assert _places(northshire, errors=False) == {"List 9 - Care Leavers::", "List 10 - Adoption::"}


def test_metadata_is_childrens_social_care_from_the_options(northshire: ParsedExtract) -> None:
    assert northshire.metadata is not None
    assert northshire.metadata.organisation == "NORTHSHIRE COUNTY COUNCIL"
    assert northshire.metadata.agency is Agency.CHILDRENS_SOCIAL_CARE
    assert northshire.metadata.area == "Northshire"


def test_each_child_is_one_person_across_every_list(northshire: ParsedExtract) -> None:
    assert [p.person_ref for p in northshire.people] == [f"CH100{n}" for n in range(1, 7)]
    first = northshire.people[0]
    assert (first.la_child_id, first.sex, first.origin.sheet, first.origin.row) == (
        "CH1001",
        Sex.FEMALE,
        L1,
        2,
    )
    assert first.date_of_birth is not None and first.date_of_birth.uk() == "14/06/2017"
    assert first.extra == {"ethnicity": "a) WBRI", "disability": "no"}


def test_an_unborn_child_has_an_expected_date_of_birth(northshire: ParsedExtract) -> None:
    unborn = next(p for p in northshire.people if p.person_ref == "CH1003")
    assert unborn.date_of_birth is None and unborn.sex is Sex.UNKNOWN
    assert unborn.expected_birth_date is not None
    assert unborn.expected_birth_date.uk() == "18/05/2026"


def test_the_repeat_plan_child_has_two_plans_each_with_its_count(
    northshire: ParsedExtract,
) -> None:
    plans = [
        (e.record_ref, e.attributes["number_of_previous_plans"])
        for e in northshire.entries
        if e.event_type == EventType("cp_plan_started") and e.subjects == ("CH1002",)
    ]
    assert plans == [("A7/CH1002/2025-05-13", 1), ("A7/CH1002/2025-12-03", 2)]


def _row(entry: Any) -> tuple[Any, ...]:
    return (
        entry.record_ref,
        entry.origin.sheet,
        entry.origin.row,
        str(entry.event_type),
        entry.occurred.isoformat(),
        entry.event_type_as_sent,
        entry.summary,
        entry.outcome,
        entry.child_seen and str(entry.child_seen),
        entry.seen_alone and str(entry.seen_alone),
        entry.attributes,
    )


CH1001 = [
    ("A1/CH1001/2025-04-25", L1, 2, "contact_received", "2025-04-25", "List 1 Date of Contact",
     "Contact from a school", None, None, None, {"contact_source": "2A"}),
    ("A1/CH1001/2025-05-02", L1, 3, "contact_received", "2025-05-02", "List 1 Date of Contact",
     "Contact from police", None, None, None, {"contact_source": "6"}),
    ("A2/CH1001/2025-04-03", L2, 2, "early_help_started", "2025-04-03",
     "List 2 Assessment start date", "Early help assessment started by Northshire Family Hub",
     None, None, None, {"organisation": "Northshire Family Hub"}),
    ("A2/CH1001/2025-04-03/completed", L2, 2, "assessment_completed", "2025-04-28",
     "List 2 Assessment completion date",
     "Early help assessment completed by Northshire Family Hub", None, None, None,
     {"early_help": True, "organisation": "Northshire Family Hub"}),
    ("A3/CH1001/2025-05-14", L3, 2, "referral", "2025-05-14", "List 3 Date of referral",
     "Referral from police (3rd in 12 months)", "Further action", None, None,
     {"referral_source": "6", "nfa": False, "referrals_in_last_12_months": 3, **ALLOCATED}),
    ("A4/CH1001/2025-05-14", L4, 2, "assessment_started", "2025-05-14",
     "List 4 Continuous Assessment Start Date", "Social care assessment started", None, None,
     None, ALLOCATED),
    ("A4/CH1001/2025-05-14/authorised", L4, 2, "assessment_completed", "2025-06-20",
     "List 4 Continuous Assessment Date of Authorisation",
     "Social care assessment authorised (child seen)", "Requires children's social care support",
     "yes", None, {}),
    ("A5/CH1001/2025-05-21", L5, 2, "section47_started", "2025-05-21",
     "List 5 Strategy discussion initiating Section 47 Enquiry Start Date",
     "Section 47 enquiry started at a strategy discussion on 21/05/2025 (1st in 12 months)",
     None, None, None, {"section47_in_last_12_months": 1, "icpcs_in_last_12_months": 1,
                        "icpc_deemed_unnecessary": False, **ALLOCATED}),
    ("A5/CH1001/2025-05-21/icpc", L5, 2, "initial_cp_conference", "2025-06-11",
     "List 5 Date of Initial Child Protection Conference", "Initial child protection conference",
     "Child protection plan", None, None, {"resulted_in_plan": True}),
    ("A6/CH1001/2025-05-14", L6, 2, "cin_plan_started", "2025-05-14", "List 6 CIN Start Date",
     "Child in need episode started: abuse or neglect", None, None, None,
     {"primary_need": "N1", "case_status": "looked after child", "team": "Northshire LAC Team",
      "worker": "Eve Lark"}),
    ("A6/CH1001/2025-05-14/seen/2026-03-03", L6, 2, "home_visit", "2026-03-03",
     "List 6 Date Child Was Last Seen",
     "Child seen by children's social care (latest seen, as the return records)", None, "yes",
     None, {}),
    ("A7/CH1001/2025-06-11", L7, 2, "cp_plan_started", "2025-06-11",
     "List 7 Child Protection Plan Start Date",
     "Child protection plan started: neglect (first plan)", None, None, None,
     {"initial_category": "NEG", "latest_category": "EMO", "number_of_previous_plans": 0,
      "epo_or_police_protection_in_last_6_months": False, "team": "Riverside CP Team",
      "worker": "Ada Quill"}),
    ("A7/CH1001/2025-06-11/review/2025-12-04", L7, 2, "cp_review_conference", "2025-12-04",
     "List 7 Date of latest review conference",
     "Child protection review conference (latest category: emotional abuse)", None, None, None,
     {}),
    ("A7/CH1001/2025-06-11/visit/2026-02-02", L7, 2, "home_visit", "2026-02-02",
     "List 7 Date of the Last Statutory Visit",
     "Statutory child protection visit; child seen alone", None, "yes", "yes", {}),
    ("A7/CH1001/2025-06-11/ended", L7, 2, "cp_plan_ended", "2026-02-09",
     "List 7 Child Protection Plan End Date", "Child protection plan ended", None, None, None, {}),
    ("A8/CH1001/2026-02-09", L8, 2, "other", "2026-02-09", "List 8 Date Started to be Looked After",
     "Started to be looked after", None, None, None,
     {"legal_status": "C1", "category_of_need": "N1", "uasc_in_last_12_months": False,
      "second_period_in_12_months": False, "placements_in_last_12_months": 1,
      "missing_episodes_in_last_12_months": 0, "absent_episodes_in_last_12_months": 0,
      "last_iro_contact": "2026-03-10", "last_health_assessment": "2026-03-02",
      "permanence": "a) Return to family", "placement_type": "U6: Foster placement - not FFA",
      "placement_provider": "PR1", "placement_location": "a) In",
      "placement_postcode": "NS4 7QP", "team": "Northshire LAC Team", "worker": "Eve Lark"}),
    ("A8/CH1001/2026-02-09/legal-status/2026-02-23", L8, 2, "care_proceedings", "2026-02-23",
     "List 8 Start date of current legal status (legal status C1)",
     "Legal status now interim care order", None, None, None, {}),
    ("A8/CH1001/2026-02-09/review/2026-03-10", L8, 2, "other", "2026-03-10",
     "List 8 Date of Latest Statutory Review", "Looked after child review", None, None, None, {}),
    ("A8/CH1001/2026-02-09/visit/2026-03-03", L8, 2, "home_visit", "2026-03-03",
     "List 8 Date of Last Social Work Visit", "Social work visit to the child in care", None,
     None, None, {}),
    ("A8/CH1001/2026-02-09/placement/2026-02-09", L8, 2, "other", "2026-02-09",
     "List 8 Start Date of Most Recent Placement",
     "Moved to placement (U6: Foster placement - not FFA)", None, None, None, {}),
]  # fmt: skip


def test_every_entry_for_one_child_across_all_eight_lists(northshire: ParsedExtract) -> None:
    entries = [e for e in northshire.entries if e.subjects == ("CH1001",)]
    assert [_row(entry) for entry in entries] == CH1001
    assert {e.source for e in entries} >= {
        "Annex A list 1 (contacts)",
        "Annex A list 8 (children in care)",
    }


# --------------------------------------------------------------------------- recognising


def test_recognises_the_northshire_return() -> None:
    assert recognises(build.FIXTURE)


def test_does_not_claim_a_canonical_workbook(tmp_path: Path) -> None:
    assert not recognises(police_extract().write_xlsx(tmp_path / "police.xlsx"))


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 not really a zip", b"Child Unique ID,Gender\n"]
)
def test_does_not_recognise_what_is_not_a_workbook(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "thing.xlsx"
    path.write_bytes(content)
    assert not recognises(path) and not recognises(tmp_path / "absent.xlsx")


def test_recognises_lists_by_their_header_when_sheets_are_named_otherwise(tmp_path: Path) -> None:
    path = build.write(tmp_path / "renamed.xlsx", {"Referrals": _list(3, *build.ROWS[3])})
    assert recognises(path)
    parsed = read(path, NORTHSHIRE, today=TODAY)
    assert parsed.errors == [] and len(parsed.entries) == 6


# --------------------------------------------------------------------------- sheets and headers


def test_an_unknown_sheet_is_ignored_with_one_warning(tmp_path: Path) -> None:
    sheets = {"Cover": [["Northshire Annex A return"]], **_sheets()}
    parsed = _read(tmp_path, sheets)
    assert parsed.errors == [] and "Cover::" in _places(parsed, errors=False)


def test_a_list_without_its_key_date_column_is_an_error_naming_the_header(tmp_path: Path) -> None:
    header, *rows = _list(3, *build.ROWS[3])
    header[header.index("Date of referral")] = "When"
    parsed = _read(tmp_path, _sheets(l3=[header, *rows]))
    [problem] = parsed.errors
    assert problem.place() == "List 3 - Referrals:1:Date of referral"
    assert problem.expected == "a header cell reading 'Date of referral'"
    assert not any(e.record_ref.startswith("A3/") for e in parsed.entries)


def test_a_list_without_the_child_column_is_an_error_naming_it(tmp_path: Path) -> None:
    header, *rows = _list(1, *build.ROWS[1])
    header[0] = "Reference"
    parsed = _read(tmp_path, {L1: [header, *rows]})
    assert _places(parsed) == {"List 1 - Contacts:1:Child Unique ID"}


def test_headers_are_matched_ignoring_case_spaces_and_punctuation(tmp_path: Path) -> None:
    sheet = [
        ["CHILD UNIQUE ID", "gender", "date  of birth", "date-of-contact", "Contact source:"],
        ["CH2001", "Female", "01/02/2020", "03/03/2026", "Police"],
    ]
    parsed = _read(tmp_path, {"List 1": sheet})
    assert parsed.errors == []
    assert [(e.record_ref, e.summary) for e in parsed.entries] == [
        ("A1/CH2001/2026-03-03", "Contact from police")
    ]


def test_a_header_below_a_title_row_is_found(tmp_path: Path) -> None:
    title = [["Annex A: List 1 - Contacts (Northshire)"], []]
    parsed = _read(tmp_path, {"List 1 Contacts": [*title, *_list(1, *build.ROWS[1][:2])]})
    assert parsed.errors == []
    assert [e.origin.row for e in parsed.entries] == [4, 5]


def test_a_workbook_without_any_list_is_an_error(tmp_path: Path) -> None:
    parsed = _read(tmp_path, {"Notes": [["Nothing here"]]})
    assert _places(parsed) == {"return.xlsx::"}
    assert parsed.entries == ()


def test_an_empty_list_sheet_is_a_warning(tmp_path: Path) -> None:
    parsed = _read(tmp_path, _sheets(l2=[[None]]))
    assert parsed.errors == [] and "List 2 - Early Help:1:" in _places(parsed, errors=False)


# --------------------------------------------------------------------------- cells


def test_a_month_first_date_is_an_error_at_its_cell(tmp_path: Path) -> None:
    rows = _list(1, ("CH1001", {"date": "12/25/2025", "source": "6"}))
    parsed = _read(tmp_path, {"List 1 - Contacts": rows})
    [problem] = parsed.errors
    assert (problem.place(), problem.value) == ("List 1 - Contacts:2:Date of Contact", "12/25/2025")


def test_an_impossible_date_is_an_error_at_its_cell(tmp_path: Path) -> None:
    rows = _list(7, ("CH1003", {"start": "04/02/2026", "end": "31/02/2026", "previous": 0}))
    parsed = _read(tmp_path, {"List 7 - Child Protection": rows})
    assert _places(parsed) == {"List 7 - Child Protection:2:Child Protection Plan End Date"}


def test_excel_date_cells_are_dates(tmp_path: Path) -> None:
    rows = _list(1, ("CH1001", {"date": dt.datetime(2026, 3, 3), "source": "6"}))
    parsed = _read(tmp_path, {"List 1 - Contacts": rows})
    assert [e.occurred.uk() for e in parsed.entries] == ["03/03/2026"]


def test_a_row_without_its_child_is_an_error(tmp_path: Path) -> None:
    rows = _list(1, ("", {"date": "03/03/2026", "source": "6"}))
    parsed = _read(tmp_path, {"List 1 - Contacts": rows})
    assert _places(parsed) == {"List 1 - Contacts:2:Child Unique ID"}


def test_a_date_in_the_future_is_a_warning(tmp_path: Path) -> None:
    rows = _list(1, ("CH1001", {"date": "03/04/2026", "source": "6"}))
    parsed = _read(tmp_path, {"List 1 - Contacts": rows})
    assert parsed.errors == [] and _places(parsed, errors=False) == {
        "List 1 - Contacts:2:Date of Contact"
    }


def test_an_unknown_code_is_a_warning_and_kept_as_written(tmp_path: Path) -> None:
    rows = _list(1, ("CH1001", {"date": "03/03/2026", "source": "Carrier pigeon"}))
    parsed = _read(tmp_path, {"List 1 - Contacts": rows})
    assert parsed.errors == [] and _places(parsed, errors=False) == {
        "List 1 - Contacts:2:Contact Source"
    }
    assert parsed.entries[0].summary == "Contact from Carrier pigeon"
    assert parsed.entries[0].attributes == {"contact_source": "Carrier pigeon"}


def test_dates_of_birth_that_differ_across_lists_are_a_warning_naming_both(tmp_path: Path) -> None:
    referral = _list(3, ("CH1001", {"date": "14/05/2025", "source": "6"}))
    referral[1][3] = "15/06/2017"
    parsed = _read(tmp_path, {**_sheets(), L3: referral})
    [clash] = [p for p in parsed.warnings if p.column == "Date of Birth"]
    assert clash.place() == "List 3 - Referrals:2:Date of Birth"
    assert "14/06/2017" in clash.message and "List 1 - Contacts row 2" in clash.message
    assert parsed.people[0].date_of_birth is not None
    assert parsed.people[0].date_of_birth.uk() == "14/06/2017"


# --------------------------------------------------------------------------- rows and refs


def test_a_row_repeated_exactly_is_read_once_with_a_warning(tmp_path: Path) -> None:
    contact = ("CH1001", {"date": "03/03/2026", "source": "6"})
    parsed = _read(tmp_path, {"List 1 - Contacts": _list(1, contact, contact)})
    assert len(parsed.entries) == 1 and _places(parsed, errors=False) == {"List 1 - Contacts:3:"}


def test_two_contacts_on_one_day_are_two_entries(tmp_path: Path) -> None:
    police = ("CH1001", {"date": "03/03/2026", "source": "6"})
    school = ("CH1001", {"date": "03/03/2026", "source": "2A"})
    parsed = _read(tmp_path, {"List 1 - Contacts": _list(1, police, school)})
    assert [e.record_ref for e in parsed.entries] == [
        "A1/CH1001/2026-03-03",
        "A1/CH1001/2026-03-03/2",
    ]


def test_a_later_return_keeps_the_record_refs_of_the_rows_it_repeats(tmp_path: Path) -> None:
    earlier = _read(tmp_path, _sheets())
    later_rows = {
        **build.ROWS,
        1: [("CH1007", {"date": "01/03/2026", "source": "6"}), *build.ROWS[1]],
    }
    later = _read(tmp_path, build.northshire_sheets(later_rows))
    assert {e.record_ref for e in earlier.entries} < {e.record_ref for e in later.entries}


@pytest.mark.parametrize(
    ("legal_status", "event_type", "as_sent"),
    [
        ("L1: Police protection", "police_protection", "(legal status L1)"),
        ("L2: EPO", "care_proceedings", "(legal status L2)"),
        ("C2", "care_proceedings", "(legal status C2)"),
        ("V2: Single period under S20", "other", "(legal status V2)"),
    ],
)
def test_the_start_of_care_takes_its_type_from_the_legal_status(
    legal_status: str, event_type: str, as_sent: str, tmp_path: Path
) -> None:
    day = "09/02/2026"
    row = ("CH1001", {"start": day, "legal_start": day, "legal": legal_status})
    parsed = _read(tmp_path, {L8: _list(8, row)})
    start = parsed.entries[0]
    assert (str(start.event_type), start.event_type_as_sent) == (
        event_type,
        f"List 8 Date Started to be Looked After {as_sent}",
    )


# --------------------------------------------------------------------------- metadata and files


def test_without_an_organisation_the_error_names_the_option(tmp_path: Path) -> None:
    parsed = _read(tmp_path, _sheets(), overrides=MetadataOverrides())
    [problem] = parsed.errors
    assert problem.place() == "options::organisation" and "--organisation" in problem.expected
    assert parsed.metadata is None


def test_the_agency_option_wins_and_a_wrong_one_is_an_error(tmp_path: Path) -> None:
    early_help = MetadataOverrides(organisation="NORTHSHIRE EARLY HELP", agency="early_help")
    parsed = _read(tmp_path, _sheets(), overrides=early_help)
    assert parsed.metadata is not None and parsed.metadata.agency is Agency.EARLY_HELP
    wrong = MetadataOverrides(organisation="NORTHSHIRE", agency="wizards")
    assert _places(_read(tmp_path, _sheets(), overrides=wrong)) == {"options::agency"}


@pytest.mark.parametrize("content", [b"", b"not a workbook at all", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_workbook_is_a_problem_at_the_file(
    content: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    parsed = read(path, NORTHSHIRE)
    assert parsed.metadata is None and _places(parsed) == {"return.xlsx::"}


def test_a_missing_file_is_a_problem_at_the_file(tmp_path: Path) -> None:
    assert _places(read(tmp_path / "gone.xlsx", NORTHSHIRE)) == {"gone.xlsx::"}


def test_progress_is_reported_to_the_end(tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    read(
        build.FIXTURE,
        NORTHSHIRE,
        today=TODAY,
        progress=lambda done, total: told.append((done, total)),
    )
    assert told[-1] == (36, 36)  # the rows of lists 1 to 8
