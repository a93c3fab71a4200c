"""A FHIR bundle reaches the rules through the real service: a baby not brought to two
immunisation appointments raises was-not-brought, and a bruise on a baby who cannot move
on her own is on the timeline and raises non-mobile-injury."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson

from adapters.fhir import read
from chronology.rules.flag import Flag
from chronology.service import ChronologyService

FIXTURE = Path(__file__).parents[2] / "fixtures/formats/fhir/riverside-surgery-bundle.json"
AS_AT = date(2025, 3, 1)
CASE = "CASE-1"


def _import(service: ChronologyService, path: Path) -> None:
    parsed = read(path, today=AS_AT)
    assert parsed.errors == []
    service.import_parsed(parsed, CASE, "tester")


def _flags(service: ChronologyService, rule: str) -> list[Flag]:
    return [flag for flag in service.flags(CASE, as_at=AS_AT) if flag.rule == rule]


def _immunisation(appointment_id: str, start: str) -> dict[str, Any]:
    return {
        "resourceType": "Appointment",
        "id": appointment_id,
        "status": "noshow",
        "description": "Routine childhood immunisations",
        "start": start,
        "participant": [{"actor": {"reference": "urn:uuid:arlo"}, "status": "accepted"}],
    }


def _willowbank_bundle(tmp_path: Path, *starts: str) -> Path:
    """Willowbank Medical Practice's bundle: baby Arlo and his missed immunisations."""
    practice = {
        "resourceType": "Organization",
        "id": "willowbank",
        "name": "Willowbank Medical Practice",
    }
    arlo = {
        "resourceType": "Patient",
        "id": "arlo-finch",
        "name": [{"use": "official", "given": ["Arlo"], "family": "Finch"}],
        "birthDate": "2024-10-01",
        "managingOrganization": {"reference": "Organization/willowbank"},
    }
    appointments = [_immunisation(f"imm-{n}", start) for n, start in enumerate(starts, 1)]
    entries = [{"fullUrl": "urn:uuid:arlo", "resource": arlo}, {"resource": practice}]
    entries += [{"resource": appointment} for appointment in appointments]
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    path = tmp_path / "willowbank.json"
    path.write_bytes(orjson.dumps(bundle))
    return path


def test_two_missed_immunisation_appointments_for_a_baby_raise_was_not_brought(
    sqlite_service: ChronologyService, tmp_path: Path
) -> None:
    path = _willowbank_bundle(tmp_path, "2024-12-02T09:30:00Z", "2025-01-06T11:00:00Z")
    _import(sqlite_service, path)
    [flag] = _flags(sqlite_service, "was-not-brought")
    assert [item.record_ref for item in flag.evidence] == ["Appointment/imm-1", "Appointment/imm-2"]
    assert flag.agencies == ("gp",)
    assert "Arlo Finch was not brought to 2 health appointments" in flag.explanation


def test_one_missed_immunisation_appointment_is_not_enough(
    sqlite_service: ChronologyService, tmp_path: Path
) -> None:
    _import(sqlite_service, _willowbank_bundle(tmp_path, "2024-12-02T09:30:00Z"))
    assert _flags(sqlite_service, "was-not-brought") == []


def test_the_riverside_bundle_puts_poppys_bruise_on_the_timeline(
    sqlite_service: ChronologyService,
) -> None:
    _import(sqlite_service, FIXTURE)
    injuries = [e for e in sqlite_service.timeline(CASE) if e["event_type"] == "injury_observed"]
    assert [entry["attributes"] for entry in injuries] == [
        {"injury": "bruise", "body_site": "Left cheek"},
        {"injury": "bruise", "body_site": "Left cheek"},
    ]
    assert {subject["name"] for e in injuries for subject in e["subjects"]} == {"Poppy Rose Marsh"}


def test_a_bruise_on_a_four_month_old_with_no_referral_raises_non_mobile_injury(
    sqlite_service: ChronologyService,
) -> None:
    _import(sqlite_service, FIXTURE)
    flags = _flags(sqlite_service, "non-mobile-injury")
    assert {flag.evidence[0].record_ref for flag in flags} == {
        "Condition/bruise-2025-01-20",
        "Observation/skin-2025-01-21",
    }
    assert all(flag.severity == "high" for flag in flags)
    assert "Poppy Rose Marsh (18 weeks old)" in flags[0].explanation


def test_the_riverside_bundle_raises_was_not_brought_for_poppy(
    sqlite_service: ChronologyService,
) -> None:
    _import(sqlite_service, FIXTURE)
    [flag] = _flags(sqlite_service, "was-not-brought")
    assert "Poppy Rose Marsh was not brought to 3 health appointments" in flag.explanation
