"""The first rules of the flag catalogue, each shown to fire and shown not to (near misses)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from chronology.bootstrap import open_service
from chronology.rules.base import Rule
from chronology.rules.flag import Flag
from chronology.rules.registry import DuplicateRule, register, registered
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, ExtractBuilder

CASE = "RR-RULES"


@pytest.fixture
def memory() -> Iterator[ChronologyService]:
    service = open_service(Settings(in_memory=True))
    yield service
    service.close()


def _gp(*events: tuple[str, str, str]) -> ExtractBuilder:
    builder = ExtractBuilder(organisation=GP, agency="gp").person(
        "G1", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male"
    )
    for ref, occurred, event_type in events:
        builder.event(ref, occurred, event_type, "G1", f"{event_type} for Finn")
    return builder


def _social_care(*events: tuple[str, str, str]) -> ExtractBuilder:
    builder = ExtractBuilder(organisation="NORTHSHIRE CSC", agency="childrens_social_care").person(
        "C1", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male"
    )
    for ref, occurred, event_type in events:
        builder.event(ref, occurred, event_type, "C1")
    return builder


def _flags(
    service: ChronologyService,
    tmp_path: Path,
    builder: ExtractBuilder,
    rule: str,
    as_at: date | None = None,
) -> list[Flag]:
    service.import_file(
        builder.write_csv_folder(tmp_path / builder.organisation.replace(" ", "-")), CASE, "test"
    )
    return [flag for flag in service.flags(CASE, as_at) if flag.rule == rule]


def test_a_young_person_grown_up_now_was_a_child_as_at_then(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(("R1", "01/10/2019", "appointment_missed"), ("R2", "10/12/2019", "appointment_missed"))
    gp.people[0]["date_of_birth"] = "14/08/2004"  # 15 then, an adult now
    assert len(_flags(memory, tmp_path, gp, "was-not-brought", as_at=date(2020, 1, 1))) == 1
    assert _flags(memory, tmp_path, gp, "was-not-brought") == []


def test_two_missed_health_appointments_in_six_months_flag_was_not_brought(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(("R1", "01/10/2024", "appointment_missed"), ("R2", "10/12/2024", "appointment_missed"))
    [flag] = _flags(memory, tmp_path, gp, "was-not-brought")
    assert (
        "Finn Doyle was not brought to 2 health appointments between 01/10/2024 and 10/12/2024"
        in flag.explanation
    )
    assert [item.record_ref for item in flag.evidence] == ["R1", "R2"]
    assert flag.window is not None and flag.window.from_date == date(2024, 10, 1)


def test_missed_appointments_seven_months_apart_do_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(("R1", "01/10/2024", "appointment_missed"), ("R2", "10/05/2025", "appointment_missed"))
    assert _flags(memory, tmp_path, gp, "was-not-brought") == []


def test_a_missed_school_meeting_is_not_a_health_appointment(
    memory: ChronologyService, tmp_path: Path
) -> None:
    school = _gp(("R1", "01/10/2024", "appointment_missed"), ("R2", "10/11/2024", "phone_contact"))
    school.organisation, school.agency = "HOLLYBANK PRIMARY", "school"
    school.events[1]["event_type"] = "appointment_missed"
    assert _flags(memory, tmp_path, school, "was-not-brought") == []


def test_did_not_attend_wording_about_a_child_is_noted(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(("R1", "01/10/2024", "gp_consultation"))
    gp.events[0]["summary"] = "Finn DNA for his 8-week check"
    [flag] = _flags(memory, tmp_path, gp, "was-not-brought")
    assert flag.severity == "low" and "did not attend" in flag.explanation


def test_a_second_plan_and_a_re_referral_are_repeat_plan(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = _social_care(
        ("S1", "01/09/2024", "referral"),
        ("S2", "03/10/2024", "cp_plan_started"),
        ("S3", "05/03/2025", "referral"),
        ("S4", "08/05/2025", "cp_plan_started"),
    )
    found = _flags(memory, tmp_path, care, "repeat-plan")
    assert sorted((flag.severity, flag.title) for flag in found) == [
        ("high", "Repeat child protection plan or re-referral"),
        ("medium", "Re-referral within 12 months"),
    ]
    plan = next(flag for flag in found if flag.severity == "high")
    assert "child protection plan number 2, started 08/05/2025" in plan.explanation


def test_a_first_plan_the_agency_says_follows_earlier_plans_is_repeat_plan(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = _social_care(("S1", "03/10/2024", "cp_plan_started"))
    care.events[0]["attributes"] = '{"number_of_previous_plans": 2}'
    [flag] = _flags(memory, tmp_path, care, "repeat-plan")
    assert "recorded 2 previous plans for the child, not in this chronology" in flag.explanation


def test_one_plan_and_referrals_over_a_year_apart_are_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = _social_care(
        ("S1", "01/09/2023", "referral"),
        ("S2", "03/10/2023", "cp_plan_started"),
        ("S3", "05/10/2024", "referral"),
    )
    assert _flags(memory, tmp_path, care, "repeat-plan") == []


def test_as_at_uses_only_what_was_recorded_by_then(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(("R1", "01/10/2024", "appointment_missed"), ("R2", "10/12/2024", "appointment_missed"))
    gp.events[1]["recorded_on"] = "20/12/2024"
    assert _flags(memory, tmp_path, gp, "was-not-brought", as_at=date(2024, 12, 15)) == []
    assert len(_flags(memory, tmp_path, gp, "was-not-brought", as_at=date(2024, 12, 20))) == 1


def test_flag_ids_are_stable_across_recomputation(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _gp(("R1", "01/10/2024", "appointment_missed"), ("R2", "10/12/2024", "appointment_missed"))
    first = _flags(memory, tmp_path, gp, "was-not-brought")
    assert [flag.id for flag in memory.flags(CASE) if flag.rule == "was-not-brought"] == [
        flag.id for flag in first
    ]


def test_the_registry_refuses_a_second_rule_with_the_same_id() -> None:
    class Impostor(Rule):
        id = "was-not-brought"

    assert "was-not-brought" in registered()
    with pytest.raises(DuplicateRule):
        register(Impostor)


def test_every_rule_module_is_registered() -> None:
    import pkgutil

    import chronology.rules as package

    infrastructure = {"base", "catalogue", "concern", "engine", "flag", "registry", "settings"}
    modules = {m.name for m in pkgutil.iter_modules(package.__path__)} - infrastructure
    assert {module.replace("_", "-") for module in modules} == set(registered())


def test_every_flag_on_the_demo_case_points_at_real_entries(tmp_path: Path) -> None:
    service = open_service(Settings(store=tmp_path / "demo.sqlite"))
    try:
        demo = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "cases" / "DEMO-001"
        for extract in sorted(demo.iterdir()):
            service.import_file(extract, "DEMO-001", "test")
        entries = {
            (e["organisation"], e["source"]["record_ref"]) for e in service.timeline("DEMO-001")
        }
        found = service.flags("DEMO-001")
        assert found
        for flag in found:
            assert flag.evidence
            assert {(item.organisation, item.record_ref) for item in flag.evidence} <= entries
    finally:
        service.close()


def _bruise(**attributes: object) -> ExtractBuilder:
    gp = _gp(("R1", "21/10/2024", "injury_observed"))
    gp.events[0]["attributes"] = json.dumps(
        {"injury": "bruise", "body_site": "cheek", **attributes}
    )
    return gp


def test_a_bruise_on_a_nine_week_old_with_no_referral_is_high(
    memory: ChronologyService, tmp_path: Path
) -> None:
    [flag] = _flags(memory, tmp_path, _bruise(), "non-mobile-injury")
    assert flag.severity == "high"
    assert "bruise cheek to Finn Doyle (9 weeks old)" in flag.explanation
    assert "no referral to children's social care by 22/10/2024" in flag.explanation


def test_a_bruise_acted_on_within_a_day_and_two_is_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    memory.import_file(
        _social_care(
            ("S1", "21/10/2024", "referral"), ("S2", "22/10/2024", "strategy_discussion")
        ).write_csv_folder(tmp_path / "csc"),
        CASE,
        "test",
    )
    assert _flags(memory, tmp_path, _bruise(), "non-mobile-injury") == []


def test_a_bruise_on_a_mobile_older_baby_is_not(memory: ChronologyService, tmp_path: Path) -> None:
    gp = _bruise(independently_mobile=True)
    gp.events[0]["occurred"] = "20/05/2025"
    assert _flags(memory, tmp_path, gp, "non-mobile-injury") == []


def _police(*incidents: str) -> ExtractBuilder:
    builder = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male")
    for number, occurred in enumerate(incidents):
        builder.event(
            f"N{number}",
            occurred,
            "domestic_abuse_incident",
            "P1",
            attributes='{"children_present": true}',
        )
    return builder


def test_concern_from_two_agencies_each_below_the_threshold_is_cumulative_risk(
    memory: ChronologyService, tmp_path: Path
) -> None:
    memory.import_file(
        _police("01/09/2024", "01/10/2024").write_csv_folder(tmp_path / "p"), CASE, "test"
    )  # 3 + 3 points
    gp = _gp(
        ("R1", "01/11/2024", "appointment_missed"),
        ("R2", "01/12/2024", "appointment_missed"),
        ("R3", "02/12/2024", "appointment_missed"),
        ("R4", "03/12/2024", "no_access_visit"),
    )
    [flag] = _flags(memory, tmp_path, gp, "cumulative-risk")
    assert flag.explanation.startswith(
        "NORTHSHIRE POLICE 6, RIVERSIDE SURGERY 4 concern points about Finn Doyle in the 12"
        " months to 03/12/2024: each agency below the threshold of 10, together 10."
    )


def test_one_agency_alone_over_the_threshold_is_not_cumulative(
    memory: ChronologyService, tmp_path: Path
) -> None:
    police = _police("01/09/2024", "01/10/2024", "01/11/2024", "01/12/2024")  # 12 points alone
    assert _flags(memory, tmp_path, police, "cumulative-risk") == []


def test_concern_spread_over_more_than_a_year_is_not_cumulative(
    memory: ChronologyService, tmp_path: Path
) -> None:
    memory.import_file(
        _police("01/09/2024", "01/10/2024").write_csv_folder(tmp_path / "p"), CASE, "test"
    )
    gp = _gp(
        ("R1", "01/11/2025", "appointment_missed"),
        ("R2", "01/12/2025", "appointment_missed"),
        ("R3", "02/12/2025", "appointment_missed"),
        ("R4", "03/12/2025", "no_access_visit"),
    )
    assert _flags(memory, tmp_path, gp, "cumulative-risk") == []
