"""Mapped exports import through the real service: a police incident log and a school's
CPOMS workbook become one timeline, and re-reading with a corrected mapping amends it."""

from __future__ import annotations

from pathlib import Path

from adapters.mapped import read
from chronology.records import ParsedExtract
from chronology.service import ChronologyService

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "mapped"
CASE = "RR-2024-031"
POLICE = "NORTHSHIRE POLICE"
SCHOOL = "OAKFIELD PRIMARY SCHOOL"


def _police(mapping: Path = FIXTURES / "northshire-police.mapping.toml") -> ParsedExtract:
    return read(FIXTURES / "northshire-police-incidents.csv", mapping=mapping)


def _school(mapping: Path = FIXTURES / "oakfield-primary.mapping.toml") -> ParsedExtract:
    return read(FIXTURES / "oakfield-primary-cpoms.xlsx", mapping=mapping)


def _homes() -> ParsedExtract:
    return read(
        FIXTURES / "northshire-homes-case-log.csv",
        mapping=FIXTURES / "northshire-homes.mapping.toml",
    )


def _refs(service: ChronologyService, organisation: str) -> list[str]:
    return [
        entry["source"]["record_ref"]
        for entry in service.timeline(CASE)
        if entry["organisation"] == organisation
    ]


def test_the_police_export_shows_on_the_timeline(sqlite_service: ChronologyService) -> None:
    outcome = sqlite_service.import_parsed(_police(), CASE, "analyst@northshire.police.uk")
    assert (outcome.counts.entries_new, outcome.counts.people_new) == (7, 5)
    first = sqlite_service.timeline(CASE)[0]
    assert (first["organisation"], first["agency"], first["event_type"]) == (
        POLICE, "police", "domestic_abuse_incident"
    )  # fmt: skip
    assert [subject["name"] for subject in first["subjects"]] == [
        "Courtney HARTLEY", "Dean MARSH", "Ellie-Mae HARTLEY", "Jayden MARSH"
    ]  # fmt: skip
    assert first["source"]["row"] == 2
    assert first["attributes"]["dash_risk"] == "medium"


def test_police_and_school_merge_into_one_timeline_in_date_order(
    sqlite_service: ChronologyService,
) -> None:
    sqlite_service.import_parsed(_police(), CASE, "analyst@northshire.police.uk")
    sqlite_service.import_parsed(_school(), CASE, "dsl@oakfield.sch.uk")
    timeline = sqlite_service.timeline(CASE)
    assert [entry["organisation"] for entry in timeline[:4]] == [POLICE, SCHOOL, POLICE, SCHOOL]
    assert len(_refs(sqlite_service, SCHOOL)) == 5 and len(_refs(sqlite_service, POLICE)) == 7
    (ellie,) = [p for p in sqlite_service.people(CASE).people if p.name.startswith("Ellie-Mae")]
    assert {mention.organisation for mention in ellie.mentions} == {POLICE, SCHOOL}


def test_the_housing_log_adds_its_entries_and_household_to_the_case(
    sqlite_service: ChronologyService,
) -> None:
    sqlite_service.import_parsed(_police(), CASE, "analyst@northshire.police.uk")
    outcome = sqlite_service.import_parsed(_homes(), CASE, "data@northshire-homes.org.uk")
    assert (outcome.counts.entries_new, outcome.counts.relationships_new) == (5, 4)
    assert _refs(sqlite_service, "NORTHSHIRE HOMES")[0] == "NH-ASB-0412"
    assert len(sqlite_service.people(CASE).relationships) >= 4


def test_the_welfare_check_police_did_not_share_is_flagged(
    sqlite_service: ChronologyService,
) -> None:
    sqlite_service.import_parsed(_police(), CASE, "analyst@northshire.police.uk")
    sqlite_service.import_parsed(_school(), CASE, "dsl@oakfield.sch.uk")
    assert "information-not-shared" in {flag.rule for flag in sqlite_service.flags(CASE)}


def test_the_same_export_and_mapping_again_change_nothing(
    sqlite_service: ChronologyService,
) -> None:
    sqlite_service.import_parsed(_school(), CASE, "dsl@oakfield.sch.uk")
    again = sqlite_service.import_parsed(_school(), CASE, "dsl@oakfield.sch.uk")
    assert again.already_imported


def test_a_corrected_mapping_amends_the_entries_it_changes(
    sqlite_service: ChronologyService, tmp_path: Path
) -> None:
    sqlite_service.import_parsed(_school(), CASE, "dsl@oakfield.sch.uk")
    corrected = tmp_path / "oakfield-primary.mapping.toml"
    text = (FIXTURES / "oakfield-primary.mapping.toml").read_text(encoding="utf-8")
    corrected.write_text(
        text.replace(
            '"Exclusion" = "exclusion"',
            '"Exclusion" = "exclusion"\n"Friendship Issues" = "school_safeguarding_concern"',
        ),
        encoding="utf-8",
    )
    outcome = sqlite_service.import_parsed(_school(corrected), CASE, "dsl@oakfield.sch.uk")
    assert (outcome.counts.entries_amended, outcome.counts.entries_unchanged) == (1, 4)
    last = sqlite_service.timeline(CASE)[-1]
    assert (last["event_type"], last["version"]) == ("school_safeguarding_concern", 2)
