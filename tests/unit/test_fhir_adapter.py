"""The FHIR adapter reads a UK Core shaped R4 Bundle into the records every adapter produces,
and reports every problem at its entry and element."""

from __future__ import annotations

import copy
import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from adapters.canonical import MetadataOverrides
from adapters.fhir import FORMAT, read, recognises
from chronology.dates import DatePrecision, FuzzyDate
from chronology.records import (
    EntryRecord,
    ExtractMetadata,
    ParsedExtract,
    PersonRecord,
    RelationshipRecord,
    RowRef,
)
from chronology.vocabulary import Agency, EventType, RelationshipType, Sex

FIXTURE = Path(__file__).parents[2] / "fixtures/formats/fhir/riverside-surgery-bundle.json"
TODAY = date(2025, 3, 1)
V3 = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"


def _day(year: int, month: int, day: int) -> FuzzyDate:
    return FuzzyDate(start=date(year, month, day))


def _at(year: int, month: int, day: int, hour: int, minute: int) -> FuzzyDate:
    return FuzzyDate(
        start=date(year, month, day), precision=DatePrecision.MINUTE, time=time(hour, minute)
    )


def _row(number: int) -> RowRef:
    return RowRef(sheet="Bundle.entry", row=number)


def _bundle() -> dict[str, Any]:
    return copy.deepcopy(json.loads(FIXTURE.read_text(encoding="utf-8")))


def _resource(bundle: dict[str, Any], resource_id: str) -> dict[str, Any]:
    return next(
        entry["resource"] for entry in bundle["entry"] if entry["resource"]["id"] == resource_id
    )


def _read(tmp_path: Path, bundle: dict[str, Any], **options: Any) -> ParsedExtract:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return read(path, today=TODAY, **options)


def _add(bundle: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any]:
    bundle["entry"].append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    return bundle


def _places(parsed: ParsedExtract) -> set[str]:
    return {problem.place() for problem in parsed.problems}


# --------------------------------------------------------------------------- the fixture


def test_the_format_is_named_as_the_command_line_names_it() -> None:
    assert FORMAT == "fhir"


def test_the_riverside_surgery_bundle_reads_without_problems() -> None:
    parsed = read(FIXTURE, today=TODAY)
    assert parsed.problems == ()
    assert parsed.file_name == "riverside-surgery-bundle.json"
    assert len(parsed.file_sha256) == 64
    assert parsed.metadata == ExtractMetadata(
        organisation="Riverside Surgery",
        agency=Agency.GP,
        extracted_on=_at(2025, 3, 1, 9, 30),
    )


def test_the_baby_her_mother_and_the_mothers_partner_are_people() -> None:
    address = "Flat 3, Willow Court, Mill Lane, Riverside, Northshire"
    assert read(FIXTURE, today=TODAY).people == (
        PersonRecord(
            origin=_row(3),
            person_ref="poppy-marsh",
            given_names="Poppy Rose",
            family_name="Marsh",
            known_as=("Baby Marsh",),
            date_of_birth=_day(2024, 9, 14),
            sex=Sex.FEMALE,
            nhs_number="9991234578",
            address=address,
            postcode="NS4 7QT",
            address_since=_day(2024, 9, 20),
        ),
        PersonRecord(
            origin=_row(4),
            person_ref="jade-marsh",
            given_names="Jade",
            family_name="Marsh",
            date_of_birth=_day(2003, 5, 2),
            sex=Sex.FEMALE,
            nhs_number="9992345675",
            address=address,
            postcode="NS4 7QT",
            address_since=_day(2024, 9, 20),
        ),
        PersonRecord(
            origin=_row(5),
            person_ref="dean-colley",
            given_names="Dean",
            family_name="Colley",
            date_of_birth=_day(1999, 11, 23),
            sex=Sex.MALE,
        ),
    )


def test_the_mother_and_her_partner_are_related_to_the_baby_with_no_pr_recorded() -> None:
    assert read(FIXTURE, today=TODAY).relationships == (
        RelationshipRecord(
            origin=_row(4),
            person_ref="jade-marsh",
            relationship=RelationshipType.MOTHER,
            related_person_ref="poppy-marsh",
        ),
        RelationshipRecord(
            origin=_row(5),
            person_ref="dean-colley",
            relationship=RelationshipType.PARTNER_OF_PARENT,
            related_person_ref="poppy-marsh",
            from_date=FuzzyDate(start=date(2024, 6, 1), precision=DatePrecision.MONTH),
        ),
    )


def test_missed_immunisations_an_ed_attendance_a_bruise_and_a_cp_alert_are_entries() -> None:
    poppy = ("poppy-marsh",)
    bruise = {"injury": "bruise", "body_site": "Left cheek"}
    assert read(FIXTURE, today=TODAY).entries == (
        EntryRecord(
            origin=_row(7),
            record_ref="Appointment/imm-8wk-2024-11-12",
            occurred=_at(2024, 11, 12, 10, 20),
            recorded_on=_day(2024, 10, 21),
            event_type=EventType("appointment_missed"),
            subjects=poppy,
            summary="Was not brought: 8 week immunisations (6-in-1, MenB, rotavirus)",
        ),
        EntryRecord(
            origin=_row(8),
            record_ref="Appointment/imm-8wk-2024-12-03",
            occurred=_at(2024, 12, 3, 14, 40),
            recorded_on=_day(2024, 11, 13),
            event_type=EventType("appointment_missed"),
            subjects=poppy,
            summary="Was not brought: 8 week immunisations, rebooked after missed appointment",
        ),
        EntryRecord(
            origin=_row(9),
            record_ref="Immunization/rota-2024-12-03",
            occurred=_at(2024, 12, 3, 14, 40),
            recorded_on=_day(2024, 12, 3),
            event_type=EventType("appointment_missed"),
            subjects=poppy,
            summary="Was not brought for immunisation: Rotavirus vaccine",
        ),
        EntryRecord(
            origin=_row(11),
            record_ref="Encounter/ed-2025-01-20",
            occurred=_at(2025, 1, 20, 19, 5),
            occurred_end=_at(2025, 1, 20, 23, 40),
            event_type=EventType("ed_attendance"),
            subjects=poppy,
            summary="Emergency department attendance at Northshire General Hospital"
            " Emergency Department: Bruising to left cheek",
            outcome="Discharged home",
        ),
        EntryRecord(
            origin=_row(12),
            record_ref="Condition/bruise-2025-01-20",
            occurred=_at(2025, 1, 20, 18, 30),
            recorded_on=_day(2025, 1, 21),
            event_type=EventType("injury_observed"),
            subjects=poppy,
            summary="Injury observed: Bruising to left cheek",
            detail="Mother says Poppy rolled against the cot side. Poppy is not yet rolling over.",
            attributes=bruise,
        ),
        EntryRecord(
            origin=_row(13),
            record_ref="Observation/skin-2025-01-21",
            occurred=_at(2025, 1, 21, 9, 10),
            recorded_on=_at(2025, 1, 21, 9, 30),
            event_type=EventType("injury_observed"),
            subjects=poppy,
            summary="Injury observed: Skin examination: Two fingertip-sized bruises on left"
            " cheek, each about 1 cm",
            attributes=bruise,
        ),
        EntryRecord(
            origin=_row(15),
            record_ref="Flag/cpis-2025-02-10",
            occurred=_day(2025, 2, 10),
            event_type=EventType("cp_plan_started"),
            subjects=poppy,
            summary="Child protection plan alert: Child protection plan (CP-IS)",
            source="Northshire County Council",
            attributes={"alert": "Child protection plan (CP-IS)"},
        ),
    )


def test_progress_is_told_as_entries_are_read() -> None:
    told: list[tuple[int, int]] = []
    read(FIXTURE, today=TODAY, progress=lambda done, total: told.append((done, total)))
    assert told[-1] == (15, 15)


# --------------------------------------------------------------------------- recognising


def test_a_bundle_is_recognised_with_or_without_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "export.fhir"
    path.write_bytes(b"\xef\xbb\xbf" + FIXTURE.read_bytes())
    assert recognises(FIXTURE)
    assert recognises(path)


def test_a_large_bundle_is_recognised_from_its_first_64_kib(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    padding = json.dumps({"text": "x" * 200_000})
    path.write_text(f'{{"resourceType": "Bundle", "meta": {padding}, "entry": []}}')
    assert recognises(path)


@pytest.mark.parametrize(
    "content",
    [
        b'{"extract": {"organisation": "NORTHSHIRE POLICE"}, "people": [], "events": []}',
        b'{"resourceType": "Patient", "id": "poppy-marsh"}',
        b'{"meta": {"resourceType": "Bundle"}, "resourceType": "Observation"}',
        b'[{"resourceType": "Bundle"}]',
        b"PK\x03\x04 not json at all",
        b"",
        b'{"resourceType": ',
    ],
)
def test_anything_else_is_not_recognised(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_bytes(content)
    assert not recognises(path)


def test_a_folder_or_a_missing_file_is_not_recognised(tmp_path: Path) -> None:
    assert not recognises(tmp_path)
    assert not recognises(tmp_path / "missing.json")


# --------------------------------------------------------------------------- metadata


def test_options_win_over_what_the_bundle_says(tmp_path: Path) -> None:
    options = MetadataOverrides(
        organisation="NORTHSHIRE HEALTH VISITING", agency="health_visiting", area="Northshire"
    )
    parsed = _read(tmp_path, _bundle(), overrides=options)
    assert parsed.metadata is not None
    assert (parsed.metadata.organisation, parsed.metadata.agency, parsed.metadata.area) == (
        "NORTHSHIRE HEALTH VISITING",
        Agency.HEALTH_VISITING,
        "Northshire",
    )


def test_a_trust_that_provides_the_encounters_is_a_hospital(tmp_path: Path) -> None:
    bundle = _bundle()
    del _resource(bundle, "poppy-marsh")["managingOrganization"]
    metadata = _read(tmp_path, bundle).metadata
    assert metadata is not None
    assert (metadata.organisation, metadata.agency) == (
        "Northshire Hospitals NHS Foundation Trust",
        Agency.HOSPITAL,
    )


def test_a_bundle_that_names_no_organisation_asks_for_the_option(tmp_path: Path) -> None:
    bundle = _bundle()
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    del _resource(bundle, "poppy-marsh")["managingOrganization"]
    parsed = _read(tmp_path, bundle)
    assert parsed.metadata is None
    [problem] = [p for p in parsed.errors if p.column == "organisation"]
    assert "--organisation" in problem.expected


def test_an_organisation_whose_name_says_no_agency_type_asks_for_the_agency(
    tmp_path: Path,
) -> None:
    parsed = _read(tmp_path, _bundle(), overrides=MetadataOverrides(organisation="ASHFORD HOUSE"))
    [problem] = parsed.errors
    assert (problem.place(), problem.message) == ("Bundle::agency", "the agency is not given")
    assert "--agency" in problem.expected


def test_an_agency_option_that_is_not_a_code_is_an_error(tmp_path: Path) -> None:
    parsed = _read(tmp_path, _bundle(), overrides=MetadataOverrides(agency="surgery"))
    assert [p.place() for p in parsed.errors] == ["options::agency"]


# --------------------------------------------------------------------------- problems


def test_a_wrong_nhs_check_digit_is_an_error_at_the_identifier(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "poppy-marsh")["identifier"][0]["value"] = "9991234579"
    [problem] = _read(tmp_path, bundle).errors
    assert problem.place() == "Bundle.entry[2] Patient:3:identifier[0].value"
    assert "check digit" in problem.message


def test_an_invalid_element_is_named_without_repeating_its_value(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "poppy-marsh")["birthDate"] = "Poppy Marsh 14 Sept"
    parsed = _read(tmp_path, bundle)
    problem = next(p for p in parsed.errors if p.sheet == "Bundle.entry[2] Patient")
    assert (problem.row, problem.column, problem.value) == (3, "birthDate", "")
    assert "Poppy" not in problem.line() and "2024-03-05" in problem.expected
    assert "poppy-marsh" not in {person.person_ref for person in parsed.people}


def test_an_element_fhir_r4_does_not_have_is_named(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "imm-8wk-2024-11-12")["participant"][0]["colour"] = "red"
    [problem] = _read(tmp_path, bundle).errors
    assert problem.place() == "Bundle.entry[6] Appointment:7:participant[0].colour"


def test_a_missing_required_element_is_named(tmp_path: Path) -> None:
    bundle = _bundle()
    del _resource(bundle, "ed-2025-01-20")["class"]
    [problem] = _read(tmp_path, bundle).errors
    assert (problem.place(), problem.message) == (
        "Bundle.entry[10] Encounter:11:class",
        "class is missing",
    )


def test_a_resource_twice_in_the_bundle_is_an_error(tmp_path: Path) -> None:
    bundle = _bundle()
    bundle["entry"].append(copy.deepcopy(bundle["entry"][6]))
    [problem] = _read(tmp_path, bundle).errors
    assert problem.place() == "Bundle.entry[15] Appointment:16:id"
    assert problem.message == "Appointment/imm-8wk-2024-11-12 repeats entry 7"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01 not json", "the JSON cannot be read"),
        (b"[1, 2]", "the JSON document is not an object"),
        (b'{"resourceType": "Patient"}', "the file is a FHIR Patient resource, not a Bundle"),
        (b'{"people": []}', "the file is not a FHIR resource, not a Bundle"),
    ],
)
def test_a_file_that_is_not_a_bundle_is_refused_at_the_file(
    content: bytes, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "upload.json"
    path.write_bytes(content)
    parsed = read(path, today=TODAY)
    [problem] = parsed.errors
    assert problem.sheet == "upload.json" and problem.message.startswith(message)
    assert parsed.metadata is None


def test_an_entry_that_is_not_an_object_is_an_error_and_the_rest_is_read(tmp_path: Path) -> None:
    bundle = _bundle()
    bundle["entry"].insert(0, "Poppy")
    parsed = _read(tmp_path, bundle)
    assert [p.place() for p in parsed.errors] == ["Bundle.entry[0]:1:entry"]
    assert len(parsed.entries) == 7


def test_a_patient_not_in_the_bundle_is_kept_by_its_reference_with_a_warning(
    tmp_path: Path,
) -> None:
    bundle = _bundle()
    _resource(bundle, "skin-2025-01-21")["subject"] = {"reference": "Patient/ruby-marsh"}
    parsed = _read(tmp_path, bundle)
    assert parsed.errors == []
    assert _places(parsed) == {"Bundle.entry[12] Observation:13:subject"}
    entry = next(e for e in parsed.entries if e.record_ref == "Observation/skin-2025-01-21")
    assert entry.subjects == ("ruby-marsh",)


def test_a_resource_with_no_date_is_left_out_with_a_warning(tmp_path: Path) -> None:
    bundle = _bundle()
    del _resource(bundle, "cpis-2025-02-10")["period"]
    parsed = _read(tmp_path, bundle)
    assert _places(parsed) == {"Bundle.entry[14] Flag:15:period.start"}
    assert "Flag/cpis-2025-02-10" not in {entry.record_ref for entry in parsed.entries}


# --------------------------------------------------------------------------- relationships


def _related(bundle: dict[str, Any], relationship: dict[str, Any]) -> dict[str, Any]:
    _resource(bundle, "dean-colley")["relationship"] = [relationship]
    return bundle


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("MTH", "mother"),
        ("NMTH", "mother"),
        ("GESTM", "mother"),
        ("FTH", "father"),
        ("NFTH", "father"),
        ("STPFTH", "step_father"),
        ("STPMTH", "step_mother"),
        ("DOMPART", "partner_of_parent"),
        ("SIGOTHR", "partner_of_parent"),
        ("GRMTH", "grandparent"),
        ("HBRO", "half_sibling"),
        ("UNCLE", "aunt_or_uncle"),
        ("GUARD", "guardian"),
        ("PRN", "father"),  # a parent, and Dean is male
        ("FRND", "friend"),
    ],
)
def test_relationship_codes_say_what_the_person_is_of_the_baby(
    code: str, expected: str, tmp_path: Path
) -> None:
    bundle = _related(_bundle(), {"coding": [{"system": V3, "code": code}]})
    parsed = _read(tmp_path, bundle)
    assert parsed.problems == ()
    assert parsed.relationships[1].relationship is RelationshipType(expected)


def test_a_domestic_partner_of_an_adult_patient_is_their_partner(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "poppy-marsh")["birthDate"] = "1998-02-11"
    assert _read(tmp_path, bundle).relationships[1].relationship is RelationshipType.PARTNER


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Foster carer", "foster_carer"),
        ("Mum's boyfriend", "partner_of_parent"),
        ("Maternal grandmother", "grandparent"),
        ("Stepfather", "step_father"),
    ],
)
def test_a_relationship_given_only_in_words_is_read_from_them(
    label: str, expected: str, tmp_path: Path
) -> None:
    parsed = _read(tmp_path, _related(_bundle(), {"text": label}))
    assert parsed.relationships[1].relationship is RelationshipType(expected)


def test_an_unknown_relationship_code_is_kept_as_other_with_a_warning(tmp_path: Path) -> None:
    bundle = _related(_bundle(), {"coding": [{"system": V3, "code": "LODGER"}]})
    parsed = _read(tmp_path, bundle)
    assert parsed.relationships[1].relationship is RelationshipType.OTHER
    [problem] = parsed.warnings
    assert (problem.place(), problem.value) == (
        "Bundle.entry[4] RelatedPerson:5:relationship",
        "LODGER",
    )


# --------------------------------------------------------------------------- entries


def _encounter(encounter_class: str, **more: Any) -> dict[str, Any]:
    return {
        "resourceType": "Encounter",
        "id": f"enc-{encounter_class.lower()}",
        "status": "finished",
        "class": {"code": encounter_class},
        "subject": {"reference": "Patient/poppy-marsh"},
        "period": {"start": "2025-02-01T10:00:00+00:00", "end": "2025-02-04T12:00:00+00:00"},
        **more,
    }


@pytest.mark.parametrize(
    ("encounter_class", "expected"),
    [
        ("EMER", "ed_attendance"),
        ("IMP", "hospital_admission"),
        ("AMB", "appointment_attended"),
        ("HH", "home_visit"),
        ("VR", "phone_contact"),
    ],
)
def test_an_encounter_is_typed_by_its_class(
    encounter_class: str, expected: str, tmp_path: Path
) -> None:
    parsed = _read(tmp_path, _add(_bundle(), _encounter(encounter_class)))
    entry = parsed.entries[-1]
    assert (entry.event_type, entry.occurred_end) == (
        EventType(expected),
        _at(2025, 2, 4, 12, 0),
    )


def _appointment(status: str, start: str = "2025-02-05T09:00:00+00:00") -> dict[str, Any]:
    return {
        "resourceType": "Appointment",
        "id": f"appt-{status}",
        "status": status,
        "description": "Six week check",
        "start": start,
        "participant": [{"actor": {"reference": "Patient/poppy-marsh"}, "status": "accepted"}],
    }


@pytest.mark.parametrize(
    ("status", "event_type", "summary"),
    [
        ("cancelled", "appointment_cancelled", "Appointment cancelled: Six week check"),
        ("fulfilled", "appointment_attended", "Attended appointment: Six week check"),
        ("noshow", "appointment_missed", "Was not brought: Six week check"),
    ],
)
def test_an_appointment_is_typed_by_its_status(
    status: str, event_type: str, summary: str, tmp_path: Path
) -> None:
    entry = _read(tmp_path, _add(_bundle(), _appointment(status))).entries[-1]
    assert (entry.event_type, entry.summary) == (EventType(event_type), summary)


def test_a_booked_appointment_still_to_come_is_left_out(tmp_path: Path) -> None:
    parsed = _read(tmp_path, _add(_bundle(), _appointment("booked", "2025-04-01T09:00:00Z")))
    assert "Appointment/appt-booked" not in {entry.record_ref for entry in parsed.entries}
    assert parsed.problems == ()


def test_an_adult_who_misses_an_appointment_missed_it_and_no_one_did_not_attend(
    tmp_path: Path,
) -> None:
    bundle = _bundle()
    _resource(bundle, "poppy-marsh")["birthDate"] = "1998-02-11"
    parsed = _read(tmp_path, _add(bundle, _appointment("noshow")))
    assert parsed.entries[-1].summary == "Missed appointment: Six week check"
    summaries = " ".join(entry.summary for entry in parsed.entries).lower()
    assert "did not attend" not in summaries and "dna" not in summaries.split()


def test_an_immunisation_the_parent_declined_is_a_declined_service(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "rota-2024-12-03")["statusReason"] = {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                "code": "PATOBJ",
                "display": "patient objection",
            }
        ]
    }
    entry = next(e for e in _read(tmp_path, bundle).entries if e.record_ref.startswith("Immun"))
    assert (entry.event_type, entry.summary) == (
        EventType("service_declined"),
        "Immunisation declined: Rotavirus vaccine (patient objection)",
    )


def _condition(text: str) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": "finding",
        "code": {"text": text},
        "subject": {"reference": "Patient/poppy-marsh"},
        "onsetDateTime": "2025-02-12",
    }


@pytest.mark.parametrize(
    ("text", "event_type", "attributes"),
    [
        ("Scald to right hand", "injury_observed", {"injury": "burn"}),
        ("Fractured left femur", "injury_observed", {"injury": "fracture"}),
        ("Faltering growth", "growth_concern", {}),
        ("Safeguarding concern raised by health visitor", "other", {"concern": "safeguarding"}),
    ],
)
def test_a_condition_describing_an_injury_or_a_concern_is_an_entry(
    text: str, event_type: str, attributes: dict[str, str], tmp_path: Path
) -> None:
    entry = _read(tmp_path, _add(_bundle(), _condition(text))).entries[-1]
    assert (entry.record_ref, entry.event_type, entry.attributes) == (
        "Condition/finding",
        EventType(event_type),
        attributes,
    )


@pytest.mark.parametrize("text", ["Nappy rash", "No bruising seen on skin check", "Cough"])
def test_any_other_condition_is_left_out_without_a_problem(text: str, tmp_path: Path) -> None:
    parsed = _read(tmp_path, _add(_bundle(), _condition(text)))
    assert "Condition/finding" not in {entry.record_ref for entry in parsed.entries}
    assert parsed.problems == ()


def test_a_flag_that_is_not_a_child_protection_plan_is_another_alert(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "cpis-2025-02-10")["code"] = {"text": "Lives with a dog: warn visitors"}
    entry = _read(tmp_path, bundle).entries[-1]
    assert (entry.event_type, entry.summary) == (
        EventType("other"),
        "Alert: Lives with a dog: warn visitors",
    )


def test_anything_entered_in_error_is_left_out(tmp_path: Path) -> None:
    bundle = _bundle()
    _resource(bundle, "ed-2025-01-20")["status"] = "entered-in-error"
    _resource(bundle, "imm-8wk-2024-11-12")["status"] = "entered-in-error"
    refs = {entry.record_ref for entry in _read(tmp_path, bundle).entries}
    assert not refs & {"Encounter/ed-2025-01-20", "Appointment/imm-8wk-2024-11-12"}
