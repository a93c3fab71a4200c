"""The canonical adapter reads every container alike and reports every problem with its place."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from adapters.canonical import MetadataOverrides, read_canonical
from chronology.dates import DatePrecision
from chronology.vocabulary import Agency, EntryStatus, EventType
from tests.builders import ExtractBuilder, police_extract


def _write(builder: ExtractBuilder, container: str, tmp_path: Path) -> Path:
    writers = {
        "csv": lambda: builder.write_csv_folder(tmp_path / "extract"),
        "zip": lambda: builder.write_zip(tmp_path / "extract.zip"),
        "xlsx": lambda: builder.write_xlsx(tmp_path / "extract.xlsx"),
        "json": lambda: builder.write_json(tmp_path / "extract.json"),
    }
    return writers[container]()


@pytest.mark.parametrize("container", ["csv", "zip", "xlsx", "json"])
def test_every_container_gives_the_same_records(container: str, tmp_path: Path) -> None:
    parsed = read_canonical(_write(police_extract(), container, tmp_path))
    assert parsed.errors == []
    assert parsed.metadata is not None and parsed.metadata.agency is Agency.POLICE
    assert [p.display_name for p in parsed.people] == ["Kerry Doyle", "Finn Doyle"]
    first = parsed.entries[0]
    assert (first.record_ref, first.event_type, first.subjects) == (
        "NP-1",
        EventType("domestic_abuse_incident"),
        ("P1", "P2"),
    )
    assert first.occurred.isoformat() == "2024-03-05T14:20+00:00"
    assert first.attributes == {"children_present": True, "dash_risk": "medium"}
    assert parsed.people[0].known_as == ("Kerry Walsh",)


def test_rows_are_numbered_as_excel_numbers_them(tmp_path: Path) -> None:
    parsed = read_canonical(_write(police_extract(), "xlsx", tmp_path))
    assert [entry.origin.row for entry in parsed.entries] == [2, 3, 4]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_csv_in_windows_1252_or_with_a_bom_keeps_accented_names(
    encoding: str, tmp_path: Path
) -> None:
    builder = (
        ExtractBuilder()
        .person("P1", "Zoë", "Siân-Price")
        .event("R1", "01/02/2024", summary="Paid £20 rent")
    )
    parsed = read_canonical(builder.write_csv_folder(tmp_path / "x", encoding=encoding))
    assert parsed.errors == []
    assert parsed.people[0].display_name == "Zoë Siân-Price"
    assert parsed.entries[0].summary == "Paid £20 rent"


def test_excel_date_cells_are_dates(tmp_path: Path) -> None:
    builder = ExtractBuilder().person("P1", "Finn", date_of_birth=dt.datetime(2023, 11, 2))
    builder.event("R1", dt.datetime(2024, 3, 5, 14, 20))
    builder.event("R2", dt.datetime(2024, 3, 6))
    parsed = read_canonical(builder.write_xlsx(tmp_path / "dates.xlsx"))
    assert parsed.people[0].date_of_birth is not None
    assert parsed.people[0].date_of_birth.start == dt.date(2023, 11, 2)
    assert parsed.entries[0].occurred.precision is DatePrecision.MINUTE
    assert parsed.entries[1].occurred.isoformat() == "2024-03-06"


def test_partial_and_uncertain_dates_are_kept(tmp_path: Path) -> None:
    builder = (
        ExtractBuilder().person("P1", "Finn").event("R1", "2024-03").event("R2", "?22/05/2024")
    )
    entries = read_canonical(builder.write_csv_folder(tmp_path / "x")).entries
    assert entries[0].occurred.precision is DatePrecision.MONTH
    assert entries[1].occurred.uncertain


def test_extra_columns_are_kept_as_attributes(tmp_path: Path) -> None:
    builder = ExtractBuilder().person("P1", "Finn", team="Safeguarding hub")
    builder.event("R1", "01/02/2024", worker_role="PCSO")
    parsed = read_canonical(builder.write_csv_folder(tmp_path / "x"))
    assert parsed.people[0].extra == {"team": "Safeguarding hub"}
    assert parsed.entries[0].extra == {"worker_role": "PCSO"}


def test_status_withdrawn_is_read(tmp_path: Path) -> None:
    builder = (
        ExtractBuilder()
        .person("P1", "Finn")
        .event("R1", "01/02/2024", status="withdrawn", detail="Sent for the wrong child")
    )
    assert read_canonical(builder.write_csv_folder(tmp_path / "x")).entries[0].status is (
        EntryStatus.WITHDRAWN
    )


def test_every_problem_in_a_file_is_reported_with_its_place(tmp_path: Path) -> None:
    builder = (
        ExtractBuilder()
        .person("P1", "Finn", nhs_number="943 476 5918")
        .event("R1", "12/25/2024", summary="x" * 501)
        .event("R1", "01/02/2024", event_type="home_visit", child_seen="maybe")
        .event("R3", "", subjects="")
    )
    parsed = read_canonical(builder.write_csv_folder(tmp_path / "x"))
    places = {problem.place() for problem in parsed.errors}
    assert places == {
        "people:2:nhs_number",
        "events:2:occurred",
        "events:2:summary",
        "events:3:child_seen",
        "events:3:record_ref",
        "events:4:occurred",
        "events:4:subjects",
    }
    month_first = next(p for p in parsed.errors if p.place() == "events:2:occurred")
    assert month_first.value == "12/25/2024" and "day/month/year" in month_first.message


def test_unknown_codes_and_unmatched_subjects_are_warnings_not_errors(tmp_path: Path) -> None:
    builder = (
        ExtractBuilder()
        .person("P1", "Finn")
        .event("R1", "01/02/2024", event_type="sleepover", subjects="P1;P7")
    )
    parsed = read_canonical(builder.write_csv_folder(tmp_path / "x"))
    assert parsed.errors == []
    assert parsed.entries[0].event_type is EventType("other")
    assert parsed.entries[0].event_type_as_sent == "sleepover"
    assert {p.place() for p in parsed.warnings} == {"events:2:event_type", "events:2:subjects"}


def test_a_future_date_is_a_warning(tmp_path: Path) -> None:
    builder = ExtractBuilder().person("P1", "Finn").event("R1", "01/02/2099")
    parsed = read_canonical(builder.write_csv_folder(tmp_path / "x"))
    assert [p.place() for p in parsed.warnings] == ["events:2:occurred"]


def test_missing_and_duplicated_columns_are_named(tmp_path: Path) -> None:
    folder = police_extract().write_csv_folder(tmp_path / "x")
    events = folder / "events.csv"
    events.write_text(events.read_text().replace("summary", "occurred", 1))
    places = {p.place() for p in read_canonical(folder).errors}
    assert places == {"events:1:occurred", "events:1:summary"}


def test_a_semicolon_separated_file_is_refused_by_name(tmp_path: Path) -> None:
    folder = police_extract().write_csv_folder(tmp_path / "x")
    people = folder / "people.csv"
    people.write_text(people.read_text().replace(",", ";"))
    [problem] = read_canonical(folder).errors
    assert problem.sheet == "people" and "semicolon" in problem.message


def test_options_win_over_the_extract_sheet(tmp_path: Path) -> None:
    path = police_extract().write_csv_folder(tmp_path / "x")
    parsed = read_canonical(
        path, MetadataOverrides(organisation="Westvale Police", area="Westvale")
    )
    assert parsed.metadata is not None
    assert (parsed.metadata.organisation, parsed.metadata.area) == ("Westvale Police", "Westvale")


def test_a_bad_agency_option_is_an_error_naming_the_option(tmp_path: Path) -> None:
    path = police_extract().write_csv_folder(tmp_path / "x")
    [problem] = read_canonical(path, MetadataOverrides(agency="polis")).errors
    assert problem.place() == "options::agency" and "police" in problem.expected


def test_a_corrupt_workbook_is_one_clear_error(tmp_path: Path) -> None:
    path = police_extract().write_xlsx(tmp_path / "x.xlsx")
    path.write_bytes(path.read_bytes()[:2000])
    [problem] = read_canonical(path).errors
    assert "xlsx" in problem.expected


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("events.csv", b"0" * 300_000_000)
    [problem] = read_canonical(path).errors
    assert "zip bomb" in problem.message


def test_formula_text_is_kept_as_text(tmp_path: Path) -> None:
    builder = (
        ExtractBuilder()
        .person("P1", "Finn")
        .event("R1", "01/02/2024", summary='=HYPERLINK("http://x","y")')
    )
    path = builder.write_xlsx(tmp_path / "f.xlsx")
    sheet = load_workbook(path)["events"]
    assert any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    assert read_canonical(path).entries[0].summary.startswith("=HYPERLINK")
