"""The mapped-spreadsheet adapter reads an agency's own export through its mapping.

The shipped fixtures (a Niche-style police export and a CPOMS-style school workbook) read to
exactly the expected people and entries; small exports written here show each rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import runpy
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from adapters.canonical import MetadataOverrides
from adapters.mapped import FORMAT, read, recognises
from adapters.mapped.people import split_name
from chronology.dates import DatePrecision
from chronology.records import ParsedExtract
from chronology.vocabulary import Agency, EventType, RelationshipType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "mapped"
POLICE_CSV = FIXTURES / "northshire-police-incidents.csv"
POLICE_MAPPING = FIXTURES / "northshire-police.mapping.toml"
SCHOOL_XLSX = FIXTURES / "oakfield-primary-cpoms.xlsx"
SCHOOL_MAPPING = FIXTURES / "oakfield-primary.mapping.toml"
HOMES_CSV = FIXTURES / "northshire-homes-case-log.csv"
HOMES_MAPPING = FIXTURES / "northshire-homes.mapping.toml"
TODAY = dt.date(2025, 6, 1)
COURTNEY, DEAN, ELLIE, JAYDEN, TYLER = (
    "PN0048213", "PN0031977", "PN0061540", "PN0061541", "PN0052288"
)  # fmt: skip
ELLIE_UPN = "M830207212003"

HOUSING = """
[extract]
organisation = "NORTHSHIRE HOMES"
agency = "housing"

[columns]
record_ref = "Ref"
occurred = "Date"
summary = "Notes"

[event_type]
column = "Type"

[event_type.words]
"Welfare Visit" = "home_visit"
"No Access" = "no_access_visit"

[people]
person_ref = "Person ID"
full_name = "Name"
"""
HOUSING_COLUMNS = ["Ref", "Date", "Type", "Notes", "Person ID", "Name"]
TWO_SHARING_COLUMNS = """
[[columns.shared_with]]
column = "CSC"
when = ["Y"]
receivers = ["childrens_social_care"]

[[columns.shared_with]]
column = "HV"
when = ["yes"]
receivers = ["health_visiting"]
"""


def _police() -> ParsedExtract:
    return read(POLICE_CSV, today=TODAY, mapping=POLICE_MAPPING)


def _school() -> ParsedExtract:
    return read(SCHOOL_XLSX, today=TODAY, mapping=SCHOOL_MAPPING)


def _homes() -> ParsedExtract:
    return read(HOMES_CSV, today=TODAY, mapping=HOMES_MAPPING)


def _export(
    tmp_path: Path,
    rows: list[dict[str, Any]],
    mapping: str = HOUSING,
    columns: list[str] | None = None,
    delimiter: str = ",",
) -> ParsedExtract:
    data, rules = tmp_path / "northshire-homes.csv", tmp_path / "homes.mapping.toml"
    with data.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns or HOUSING_COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    rules.write_text(mapping, encoding="utf-8")
    return read(data, today=TODAY, mapping=rules)


def _visit(ref: str = "NH-1", **more: Any) -> dict[str, Any]:
    row = {"Ref": ref, "Date": "02/04/2024", "Type": "Welfare Visit", "Notes": "Visited flat 4"}
    return {**row, "Person ID": "T-77", "Name": "Courtney Hartley", **more}


# --------------------------------------------------------------------------- the police export


def test_the_police_export_reads_to_seven_entries_about_five_people() -> None:
    parsed = _police()
    assert parsed.errors == [] and parsed.warnings == []
    assert [entry.record_ref for entry in parsed.entries] == [
        "NP24/001187", "NP24/001355", "NP24/002010", "NP24/002388", "NP24/002389",
        "NP24/002401", "NP24/002950",
    ]  # fmt: skip
    assert [(p.person_ref, p.display_name) for p in parsed.people] == [
        (COURTNEY, "Courtney HARTLEY"),
        (DEAN, "Dean MARSH"),
        (ELLIE, "Ellie-Mae HARTLEY"),
        (JAYDEN, "Jayden MARSH"),
        (TYLER, "Tyler HARTLEY"),
    ]
    assert parsed.relationships == ()


def test_the_police_metadata_comes_from_the_mapping() -> None:
    metadata = _police().metadata
    assert metadata is not None
    assert (metadata.organisation, metadata.agency, metadata.area, metadata.source_system) == (
        "NORTHSHIRE POLICE", Agency.POLICE, "Northshire", "Niche"
    )  # fmt: skip


def test_options_win_over_the_mapping() -> None:
    overrides = MetadataOverrides(organisation="WESTSHIRE POLICE", area="Westshire")
    parsed = read(POLICE_CSV, overrides, TODAY, mapping=POLICE_MAPPING)
    assert parsed.metadata is not None
    assert (parsed.metadata.organisation, parsed.metadata.area) == ("WESTSHIRE POLICE", "Westshire")


def test_the_rows_of_one_occurrence_are_one_entry_about_everyone_involved() -> None:
    incident = _police().entries[0]
    assert incident.origin.row == 2
    assert incident.event_type is EventType("domestic_abuse_incident")
    assert incident.event_type_as_sent == "Domestic Incident"
    assert incident.subjects == (COURTNEY, DEAN, ELLIE, JAYDEN)
    assert incident.occurred.isoformat() == "2024-03-05T22:40+00:00"
    assert incident.summary.startswith("Domestic Incident: Neighbour reported shouting")
    assert incident.outcome == "Suspect circulated as wanted; DASH completed"
    assert incident.source == "Niche occurrence log"


def test_a_witness_is_left_out_of_the_chronology() -> None:
    parsed = _police()
    assert "PN0011302" not in {person.person_ref for person in parsed.people}
    assert all("PN0011302" not in entry.subjects for entry in parsed.entries)


def test_a_duplicate_occurrence_is_skipped() -> None:
    assert "NP24/001188" not in {entry.record_ref for entry in _police().entries}


def test_csc_notified_y_means_shared_with_childrens_social_care_on_its_date() -> None:
    entries = {entry.record_ref: entry for entry in _police().entries}
    notified = entries["NP24/001187"]
    assert notified.shared_with == ("childrens_social_care",)
    assert notified.shared_on is not None and notified.shared_on.isoformat() == "2024-03-06"
    assert entries["NP24/002010"].shared_with == ()


def test_dash_risk_children_present_and_roles_are_kept_as_attributes() -> None:
    incident = _police().entries[3]
    assert incident.attributes == {
        "children_present": True,
        "dash_risk": "high",
        "roles": {
            COURTNEY: "Victim",
            DEAN: "Suspect",
            ELLIE: "Child present",
            JAYDEN: "Child present",
        },
    }


# --------------------------------------------------------------------------- the school workbook


def test_the_school_workbook_reads_from_its_header_on_row_four() -> None:
    parsed = _school()
    assert parsed.errors == []
    assert [entry.origin.row for entry in parsed.entries] == [5, 6, 7, 8, 10]
    assert {entry.origin.sheet for entry in parsed.entries} == {"Incidents"}
    assert [entry.event_type for entry in parsed.entries] == [
        EventType(code)
        for code in (
            "school_safeguarding_concern", "attendance_concern", "school_safeguarding_concern",
            "injury_observed", "other",
        )
    ]  # fmt: skip


def test_the_pupil_is_one_person_known_by_upn() -> None:
    (pupil,) = _school().people
    assert (pupil.person_ref, pupil.upn, pupil.given_names, pupil.family_name) == (
        ELLIE_UPN, ELLIE_UPN, "Ellie-Mae", "Hartley"
    )  # fmt: skip
    assert pupil.date_of_birth is not None and pupil.date_of_birth.start == dt.date(2019, 6, 14)


def test_a_school_incident_keeps_its_times_staff_and_actions() -> None:
    first = _school().entries[0]
    assert first.record_ref == f"{ELLIE_UPN}/2024-03-06T08:50:00"
    assert first.occurred.isoformat() == "2024-03-06T08:50+00:00"
    assert first.recorded_on is not None and first.recorded_on.uk() == "06/03/2024 10:12"
    assert first.source == "Miss K Patel (Class teacher)"
    assert first.outcome is not None and first.outcome.startswith("DSL informed")
    assert first.attributes == {"alerted_staff": "Mrs A Brennan (DSL)", "year_group": "Reception"}
    assert first.extra == {"Status": "Closed"}


def test_a_date_cell_at_midnight_is_a_day_without_a_time() -> None:
    assert _school().entries[1].occurred.precision is DatePrecision.DAY


def test_several_categories_give_the_first_known_and_keep_the_rest() -> None:
    welfare = _school().entries[2]
    assert welfare.event_type is EventType("school_safeguarding_concern")
    assert welfare.event_type_as_sent == "Safeguarding; Attendance"
    assert welfare.attributes["other_categories"] == ["Attendance"]


def test_an_unknown_category_is_other_with_a_warning_naming_the_line_to_add() -> None:
    parsed = _school()
    friendship = parsed.entries[-1]
    assert (friendship.event_type, friendship.event_type_as_sent) == (
        EventType("other"), "Friendship Issues"
    )  # fmt: skip
    (warning,) = [w for w in parsed.warnings if w.column == "Categories"]
    assert (warning.sheet, warning.row, warning.value) == ("Incidents", 10, "Friendship Issues")
    assert '"Friendship Issues" = ' in warning.expected and "[event_type.words]" in warning.expected


def test_a_long_incident_is_cut_to_500_characters_and_kept_whole_as_detail() -> None:
    parsed = _school()
    bruise = parsed.entries[3]
    assert len(bruise.summary) == 500 and bruise.summary.endswith("…")
    assert bruise.detail is not None and bruise.detail.endswith("rest of the morning.")
    (warning,) = [w for w in parsed.warnings if w.column == "Incident"]
    assert warning.row == 8 and "cut to 500" in warning.message


def test_the_workbook_is_built_the_same_every_time(tmp_path: Path) -> None:
    build = runpy.run_path(str(FIXTURES / "build.py"))["build"]
    first, second = build(tmp_path / "a.xlsx"), build(tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes() == SCHOOL_XLSX.read_bytes()


# --------------------------------------------------------------------------- the housing log


def test_the_housing_log_names_a_tenant_and_household_members() -> None:
    parsed = _homes()
    assert parsed.problems == ()
    assert [(p.person_ref, p.display_name) for p in parsed.people] == [
        ("T-20391", "Courtney HARTLEY"),
        ("HM-5521", "Dean MARSH"),
        ("HM-5519", "Ellie-Mae HARTLEY"),
        ("HM-5520", "Jayden MARSH"),
    ]
    assert parsed.people[0].sex is not None and parsed.people[0].sex.value == "female"
    asb = parsed.entries[0]
    assert asb.subjects == ("T-20391", "HM-5521", "HM-5519", "HM-5520")
    assert asb.attributes["roles"]["HM-5521"] == "Partner"


def test_everyone_on_the_tenancy_is_a_household_member_of_its_children() -> None:
    pairs = {(r.person_ref, r.related_person_ref) for r in _homes().relationships}
    assert pairs == {
        ("T-20391", "HM-5519"), ("T-20391", "HM-5520"),
        ("HM-5521", "HM-5519"), ("HM-5521", "HM-5520"),
    }  # fmt: skip
    assert {r.relationship for r in _homes().relationships} == {RelationshipType.HOUSEHOLD_MEMBER}


def test_housing_actions_keep_their_times_words_and_receivers() -> None:
    entries = {entry.record_ref: entry for entry in _homes().entries}
    assert entries["NH-VIS-1102"].occurred.isoformat() == "2024-03-21T10:30+00:00"
    assert entries["NH-RENT-0877"].occurred.precision is DatePrecision.DAY
    assert entries["NH-VIS-1139"].event_type is EventType("no_access_visit")
    assert (entries["NH-NSP-0051"].event_type, entries["NH-NSP-0051"].shared_with) == (
        EventType("other"), ("Northshire Housing Options", "childrens_social_care")
    )  # fmt: skip


# --------------------------------------------------------------------------- rules, in small


def test_the_format_is_mapped_and_it_recognises_no_file_by_itself() -> None:
    assert FORMAT == "mapped"
    assert recognises(POLICE_CSV) is False


def test_without_a_mapping_the_file_is_refused_asking_for_one() -> None:
    parsed = read(POLICE_CSV)
    (problem,) = parsed.errors
    assert problem.sheet == POLICE_CSV.name and "--mapping FILE" in problem.expected
    assert parsed.metadata is None


def test_a_column_the_mapping_names_but_the_file_lacks_is_an_error_naming_both(
    tmp_path: Path,
) -> None:
    parsed = _export(tmp_path, [_visit()], HOUSING.replace('"Notes"', '"Case Notes"'))
    (problem,) = parsed.errors
    assert "columns.summary" in problem.message and "'Case Notes'" in problem.message
    assert (problem.sheet, problem.row, problem.column) == ("northshire-homes.csv", 1, "Case Notes")
    assert "found: Ref, Date, Type, Notes" in problem.expected


def test_columns_match_whatever_their_case_and_spacing(tmp_path: Path) -> None:
    columns = ["REF", " date ", "Type", "notes", "Person  ID", "Name"]
    row = dict(zip(columns, _visit().values(), strict=True))
    parsed = _export(tmp_path, [row], columns=columns)
    assert parsed.errors == [] and parsed.entries[0].summary == "Visited flat 4"


def test_a_bad_date_is_an_error_at_its_row_and_column(tmp_path: Path) -> None:
    parsed = _export(tmp_path, [_visit(), _visit("NH-2", Date="31/02/2024")])
    (problem,) = parsed.errors
    assert (problem.row, problem.column, problem.value) == (3, "Date", "31/02/2024")
    assert [entry.record_ref for entry in parsed.entries] == ["NH-1"]


def test_different_values_on_rows_of_one_record_are_warnings_and_the_first_is_kept(
    tmp_path: Path,
) -> None:
    rows = [_visit(), _visit(Notes="Visited flat 5", **{"Person ID": "C-78", "Name": "Ellie"})]
    parsed = _export(tmp_path, rows)
    assert parsed.errors == []
    (entry,) = parsed.entries
    assert (entry.summary, entry.subjects) == ("Visited flat 4", ("T-77", "C-78"))
    (warning,) = parsed.warnings
    assert (warning.row, warning.column, warning.value) == (3, "Notes", "Visited flat 5")
    assert "row 2" in warning.message


def test_a_person_described_differently_on_two_rows_is_a_warning(tmp_path: Path) -> None:
    rows = [_visit(), _visit("NH-2", Name="Courtney Marsh")]
    parsed = _export(tmp_path, rows)
    (warning,) = parsed.warnings
    assert (warning.row, warning.column, warning.value) == (3, "Name", "Marsh")
    assert [person.family_name for person in parsed.people] == ["Hartley"]


def test_a_role_named_as_a_relationship_becomes_one_to_the_child(tmp_path: Path) -> None:
    mapping = HOUSING.replace('full_name = "Name"', 'full_name = "Name"\nrole = "Role"') + (
        '\n[roles]\nchild = ["Child"]\nrelationships = { "Mum" = "mother" }\n'
    )
    rows = [_visit(Role="Mum"), _visit(**{"Person ID": "C-78", "Name": "Ellie", "Role": "child"})]
    parsed = _export(tmp_path, rows, mapping, [*HOUSING_COLUMNS, "Role"])
    (mum,) = parsed.relationships
    assert (mum.person_ref, mum.relationship, mum.related_person_ref) == (
        "T-77", RelationshipType.MOTHER, "C-78"
    )  # fmt: skip
    assert parsed.entries[0].attributes["roles"] == {"T-77": "Mum", "C-78": "child"}


def test_a_record_whose_people_are_all_left_out_is_an_error(tmp_path: Path) -> None:
    mapping = HOUSING.replace('full_name = "Name"', 'full_name = "Name"\nrole = "Role"') + (
        '\n[roles]\nleave_out = ["Neighbour"]\n'
    )
    parsed = _export(tmp_path, [_visit(Role="Neighbour")], mapping, [*HOUSING_COLUMNS, "Role"])
    (problem,) = parsed.errors
    assert "names no one" in problem.message and problem.row == 2


def test_a_date_and_a_separate_time_column_are_one_moment(tmp_path: Path) -> None:
    mapping = HOUSING.replace(
        'occurred = "Date"', 'occurred = { column = "Date", time_column = "Time" }'
    )
    parsed = _export(tmp_path, [_visit(Time="14:20")], mapping, [*HOUSING_COLUMNS, "Time"])
    assert parsed.entries[0].occurred.isoformat() == "2024-04-02T14:20+01:00"


def test_a_format_without_a_day_keeps_the_month_and_invents_no_day(tmp_path: Path) -> None:
    mapping = HOUSING.replace(
        'occurred = "Date"', 'occurred = { column = "Date", formats = ["%m-%Y"] }'
    )
    occurred = _export(tmp_path, [_visit(Date="04-2024")], mapping).entries[0].occurred
    assert (occurred.precision, occurred.isoformat()) == (DatePrecision.MONTH, "2024-04")


def test_a_semicolon_separated_export_is_read_when_the_mapping_says_so(tmp_path: Path) -> None:
    mapping = HOUSING + '\n[file]\ndelimiter = ";"\n'
    parsed = _export(tmp_path, [_visit()], mapping, delimiter=";")
    assert parsed.errors == [] and len(parsed.entries) == 1


def test_a_future_date_is_a_warning(tmp_path: Path) -> None:
    (warning,) = _export(tmp_path, [_visit(Date="02/04/2026")]).warnings
    assert (warning.row, warning.column, warning.value) == (2, "Date", "02/04/2026")


def test_unmapped_columns_are_kept_and_ignored_ones_are_not(tmp_path: Path) -> None:
    mapping = HOUSING + '\n[file]\nignore = ["Officer"]\n'
    columns = [*HOUSING_COLUMNS, "Officer", "Tenancy"]
    parsed = _export(tmp_path, [_visit(Officer="HO 12", Tenancy="Secure")], mapping, columns)
    assert parsed.entries[0].extra == {"Tenancy": "Secure"}


def test_progress_is_told_as_rows_are_read(tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    data, rules = tmp_path / "x.csv", tmp_path / "x.toml"
    _export(tmp_path, [_visit(), _visit("NH-2")])
    (tmp_path / "northshire-homes.csv").rename(data)
    rules.write_text(HOUSING, encoding="utf-8")
    read(data, mapping=rules, progress=lambda done, total: told.append((done, total)))
    assert told == [(2, 2)]


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("export.pdf", b"%PDF-1.4", "cannot be mapped"),
        ("export.xlsx", b"not a zip", "not an .xlsx workbook"),
        ("export.csv", b"", "blank or beyond the end"),
    ],
)
def test_a_file_that_is_no_spreadsheet_is_one_placed_error(
    name: str, data: bytes, said: str, tmp_path: Path
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "m.toml").write_text(HOUSING, encoding="utf-8")
    parsed = read(tmp_path / name, mapping=tmp_path / "m.toml")
    (problem,) = parsed.errors
    assert said in problem.message and problem.sheet == name


def test_a_sheet_the_workbook_lacks_is_an_error_naming_the_sheets_it_has(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Cases"
    book.save(tmp_path / "homes.xlsx")
    (tmp_path / "m.toml").write_text(HOUSING + '\n[file]\nsheet = "Events"\n', encoding="utf-8")
    (problem,) = read(tmp_path / "homes.xlsx", mapping=tmp_path / "m.toml").errors
    assert "'Events'" in problem.message and "found: cases" in problem.message


@pytest.mark.parametrize(
    ("full", "order", "expected"),
    [
        ("Ellie-Mae Hartley", "given_family", ("Ellie-Mae", "Hartley")),
        ("HARTLEY, Ellie-Mae", "given_family", ("Ellie-Mae", "HARTLEY")),
        ("Hartley Ellie Mae", "family_given", ("Ellie Mae", "Hartley")),
        ("Ellie", "given_family", ("Ellie", None)),
    ],
)
def test_a_full_name_is_split_into_given_and_family_names(
    full: str, order: str, expected: tuple[str, str | None]
) -> None:
    assert split_name(full, order) == expected


def test_several_sharing_columns_each_add_their_receivers(tmp_path: Path) -> None:
    mapping = HOUSING.replace("[event_type]", TWO_SHARING_COLUMNS + "\n[event_type]")
    parsed = _export(
        tmp_path, [_visit(CSC="y", HV="YES")], mapping, [*HOUSING_COLUMNS, "CSC", "HV"]
    )
    assert parsed.entries[0].shared_with == ("childrens_social_care", "health_visiting")


def test_attributes_can_be_dates_and_numbers(tmp_path: Path) -> None:
    mapping = HOUSING + (
        '\n[attributes]\narrears = { column = "Arrears", kind = "number" }\n'
        'notice_served = { column = "Served", kind = "date" }\n'
    )
    columns = [*HOUSING_COLUMNS, "Arrears", "Served"]
    parsed = _export(tmp_path, [_visit(Arrears="1,148.90", Served="24/05/2024")], mapping, columns)
    assert parsed.entries[0].attributes == {"arrears": 1148.9, "notice_served": "2024-05-24"}


def test_a_yes_no_word_the_mapping_does_not_know_is_an_error_saying_where_to_add_it(
    tmp_path: Path,
) -> None:
    mapping = HOUSING + '\n[attributes]\nchildren_present = { column = "CP", kind = "yes_no" }\n'
    parsed = _export(tmp_path, [_visit(CP="Unknown")], mapping, [*HOUSING_COLUMNS, "CP"])
    (problem,) = parsed.errors
    assert (problem.row, problem.column, problem.value) == (2, "CP", "Unknown")
    assert "attributes.children_present.yes" in problem.expected


def test_an_invalid_nhs_number_is_an_error_at_its_cell(tmp_path: Path) -> None:
    mapping = HOUSING.replace('full_name = "Name"', 'full_name = "Name"\nnhs_number = "NHS"')
    parsed = _export(tmp_path, [_visit(NHS="943 476 5918")], mapping, [*HOUSING_COLUMNS, "NHS"])
    (problem,) = parsed.errors
    assert (problem.row, problem.column) == (2, "NHS") and "people.nhs_number" in problem.expected


@pytest.mark.parametrize("template", ["{Ref}-{Notes}", "R" * 150])
def test_a_record_ref_template_too_long_is_an_error_not_a_silent_cut(
    template: str, tmp_path: Path
) -> None:
    mapping = HOUSING.replace('record_ref = "Ref"', f'record_ref = {{ template = "{template}" }}')
    parsed = _export(tmp_path, [_visit(Notes="N" * 120)], mapping)
    (problem,) = parsed.errors
    assert "the template gives" in problem.message and parsed.entries == ()
