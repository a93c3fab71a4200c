"""Rules 11-13 (start-again, closure-without-handover, disengagement-pattern): each shown to
fire and shown not to on its near misses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chronology.bootstrap import open_service
from chronology.rules import (  # importing registers them (not yet in the catalogue)
    closure_without_handover,
    disengagement_pattern,
    start_again,
)
from chronology.rules.flag import Flag
from chronology.rules.registry import registered
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, HEALTH_VISITING, ExtractBuilder

CASE = "RR-EPISODES"
AS_AT = date(2026, 1, 1)


@pytest.fixture
def memory() -> Iterator[ChronologyService]:
    service = open_service(Settings(in_memory=True))
    yield service
    service.close()


Event = tuple[str, str, str] | tuple[str, str, str, dict[str, Any]]


def _agency(
    organisation: str, agency: str, *events: Event, area: str = "Northshire"
) -> ExtractBuilder:
    builder = ExtractBuilder(organisation=organisation, agency=agency, area=area).person(
        "C1", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male"
    )
    for ref, occurred, event_type, *more in events:
        builder.event(
            ref, occurred, event_type, "C1", f"{event_type} for Finn", **(more[0] if more else {})
        )
    return builder


def _flags(
    service: ChronologyService,
    tmp_path: Path,
    rule: str,
    *builders: ExtractBuilder,
    as_at: date = AS_AT,
) -> list[Flag]:
    for builder in builders:
        folder = tmp_path / builder.organisation.replace(" ", "-")
        service.import_file(builder.write_csv_folder(folder), CASE, "test")
    return [flag for flag in service.flags(CASE, as_at) if flag.rule == rule]


def test_the_three_rules_are_registered_with_their_learning() -> None:
    rules = (
        start_again.StartAgain,
        closure_without_handover.ClosureWithoutHandover,
        disengagement_pattern.DisengagementPattern,
    )
    for rule in rules:
        assert registered()[rule.id] is rule
        assert rule.version == 1 and rule.learning.startswith("001")


# closure-without-handover


def _closing_gp(**more: Any) -> ExtractBuilder:
    return _agency(
        GP, "gp", ("R1", "01/02/2025", "gp_consultation"), ("R2", "01/04/2025", "discharge", more)
    )


def _visiting() -> ExtractBuilder:
    return _agency(HEALTH_VISITING, "health_visiting", ("H1", "10/03/2025", "home_visit"))


def test_a_discharge_no_one_was_told_of_is_closure_without_handover(
    memory: ChronologyService, tmp_path: Path
) -> None:
    [flag] = _flags(memory, tmp_path, "closure-without-handover", _closing_gp(), _visiting())
    assert flag.explanation == (
        "RIVERSIDE SURGERY recorded discharge for Finn Doyle on 01/04/2025 while NORTHSHIRE"
        " HEALTH VISITING was involved with Finn Doyle (an entry in the 90 days before), and"
        " there is no sign that it was told within 7 days (by 08/04/2025)."
    )
    assert [(item.organisation, item.record_ref) for item in flag.evidence] == [
        (GP, "R2"),
        (HEALTH_VISITING, "H1"),
    ]


def test_a_closure_shared_with_the_other_agency_within_seven_days_is_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _closing_gp()
    gp.event("R3", "05/04/2025", "information_shared", "C1", shared_with=HEALTH_VISITING)
    assert _flags(memory, tmp_path, "closure-without-handover", gp, _visiting()) == []


def test_a_closure_naming_the_other_agency_code_is_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _closing_gp(shared_with="health_visiting")
    assert _flags(memory, tmp_path, "closure-without-handover", gp, _visiting()) == []


def test_sharing_after_the_seven_days_is_too_late(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _closing_gp()
    gp.event("R3", "20/04/2025", "information_shared", "C1", shared_with=HEALTH_VISITING)
    assert len(_flags(memory, tmp_path, "closure-without-handover", gp, _visiting())) == 1


def test_an_agency_last_involved_over_90_days_before_is_not_owed_a_handover(
    memory: ChronologyService, tmp_path: Path
) -> None:
    visiting = _agency(HEALTH_VISITING, "health_visiting", ("H1", "10/12/2024", "home_visit"))
    assert _flags(memory, tmp_path, "closure-without-handover", _closing_gp(), visiting) == []


def test_a_closure_is_not_flagged_while_its_seven_days_are_open(
    memory: ChronologyService, tmp_path: Path
) -> None:
    found = _flags(
        memory,
        tmp_path,
        "closure-without-handover",
        _closing_gp(),
        _visiting(),
        as_at=date(2025, 4, 5),
    )
    assert found == []


# disengagement-pattern


def _engaged_then(*dropping: Event) -> tuple[ExtractBuilder, ExtractBuilder]:
    visiting = _agency(
        HEALTH_VISITING,
        "health_visiting",
        ("H1", "01/09/2024", "new_birth_visit"),
        *[event for event in dropping if event[0].startswith("H")],
    )
    gp = _agency(GP, "gp", *[event for event in dropping if event[0].startswith("R")])
    return visiting, gp


def test_three_drop_aways_across_agencies_in_three_months_are_disengagement(
    memory: ChronologyService, tmp_path: Path
) -> None:
    builders = _engaged_then(
        ("H2", "01/10/2024", "no_access_visit"),
        ("R1", "15/11/2024", "appointment_missed"),
        ("H3", "20/12/2024", "service_declined"),
    )
    [flag] = _flags(memory, tmp_path, "disengagement-pattern", *builders)
    assert flag.explanation == (
        "After new birth visit with NORTHSHIRE HEALTH VISITING on 01/09/2024, 3 entries about"
        " Finn Doyle between 01/10/2024 and 20/12/2024 show the family dropping away (1 no"
        " access visit, 1 appointment missed, 1 service declined) across 2 agencies"
        " (NORTHSHIRE HEALTH VISITING, RIVERSIDE SURGERY); the rule looks for 3 within 3 months."
    )
    assert [item.record_ref for item in flag.evidence] == ["H1", "H2", "R1", "H3"]
    assert flag.window is not None and flag.window.to_date == date(2024, 12, 20)


def test_only_two_drop_aways_are_not_disengagement(
    memory: ChronologyService, tmp_path: Path
) -> None:
    builders = _engaged_then(
        ("H2", "01/10/2024", "no_access_visit"), ("R1", "15/11/2024", "appointment_missed")
    )
    assert _flags(memory, tmp_path, "disengagement-pattern", *builders) == []


def test_three_drop_aways_spread_over_more_than_three_months_are_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    builders = _engaged_then(
        ("H2", "01/10/2024", "no_access_visit"),
        ("R1", "15/11/2024", "appointment_missed"),
        ("H3", "05/01/2025", "service_declined"),
    )
    assert _flags(memory, tmp_path, "disengagement-pattern", *builders) == []


def test_drop_aways_with_no_engagement_before_them_are_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _agency(
        GP,
        "gp",
        ("R1", "01/10/2024", "appointment_missed"),
        ("R2", "15/10/2024", "appointment_missed"),
        ("R3", "01/11/2024", "appointment_cancelled"),
        ("R4", "01/12/2024", "appointment_attended"),
    )
    assert _flags(memory, tmp_path, "disengagement-pattern", gp) == []


# start-again

SOUTH, NORTH = "SOUTHSHIRE CSC", "NORTHSHIRE CSC"


def _south(*events: Event) -> ExtractBuilder:
    return _agency(SOUTH, "childrens_social_care", *events, area="Southshire")


def _north(*events: Event) -> ExtractBuilder:
    return _agency(NORTH, "childrens_social_care", *events)


def test_a_referral_months_after_a_closure_with_no_history_sought_is_start_again(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(("S1", "01/10/2024", "case_closed"))
    north = _north(("N1", "05/03/2025", "referral"))
    [flag] = _flags(memory, tmp_path, "start-again", south, north)
    assert flag.explanation == (
        "NORTHSHIRE CSC recorded a new referral for Finn Doyle on 05/03/2025: SOUTHSHIRE CSC"
        " recorded case closed on 01/10/2024 (155 days before). There is no sign within 14"
        " days (by 19/03/2025) that Finn Doyle's history was requested from or shared by"
        " SOUTHSHIRE CSC."
    )
    assert [(item.organisation, item.record_ref) for item in flag.evidence] == [
        (SOUTH, "S1"),
        (NORTH, "N1"),
    ]


def test_a_referral_closed_the_same_day_is_not_its_own_previous_episode(
    memory: ChronologyService, tmp_path: Path
) -> None:
    north = _north(("N1", "05/03/2025", "referral"), ("N2", "05/03/2025", "case_closed"))
    assert _flags(memory, tmp_path, "start-again", north) == []


def test_a_new_referral_thirteen_months_after_closure_is_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(("S1", "01/10/2024", "case_closed"))
    north = _north(("N1", "05/11/2025", "referral"))
    assert _flags(memory, tmp_path, "start-again", south, north) == []


def test_history_requested_within_fourteen_days_is_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(("S1", "01/10/2024", "case_closed"))
    north = _north(
        ("N1", "05/03/2025", "referral"),
        ("N2", "12/03/2025", "information_requested", {"shared_with": SOUTH}),
    )
    assert _flags(memory, tmp_path, "start-again", south, north) == []


def test_history_shared_by_the_previous_area_within_fourteen_days_is_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(
        ("S1", "01/10/2024", "case_closed"),
        ("S2", "18/03/2025", "information_shared", {"shared_with": NORTH}),
    )
    north = _north(("N1", "05/03/2025", "referral"))
    assert _flags(memory, tmp_path, "start-again", south, north) == []


def test_history_shared_after_fourteen_days_is_too_late(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(
        ("S1", "01/10/2024", "case_closed"),
        ("S2", "25/03/2025", "information_shared", {"shared_with": NORTH}),
    )
    north = _north(("N1", "05/03/2025", "referral"))
    assert len(_flags(memory, tmp_path, "start-again", south, north)) == 1


def test_an_assessment_after_a_move_between_areas_is_start_again(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(("S1", "01/12/2024", "assessment_completed"))
    north = _north(("N1", "05/03/2025", "assessment_started"))
    [flag] = _flags(memory, tmp_path, "start-again", south, north)
    assert (
        "NORTHSHIRE CSC recorded a new assessment for Finn Doyle on 05/03/2025: SOUTHSHIRE CSC"
        " (Southshire) last had an entry about the child on 01/12/2024 (94 days before)."
        in flag.explanation
    )


def test_a_referral_is_not_flagged_while_its_fourteen_days_are_open(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(("S1", "01/10/2024", "case_closed"))
    north = _north(("N1", "05/03/2025", "referral"))
    assert _flags(memory, tmp_path, "start-again", south, north, as_at=date(2025, 3, 10)) == []


def test_a_second_referral_in_the_same_episode_is_not_flagged_again(
    memory: ChronologyService, tmp_path: Path
) -> None:
    south = _south(("S1", "01/10/2024", "case_closed"))
    north = _north(("N1", "05/03/2025", "referral"), ("N2", "20/03/2025", "assessment_started"))
    [flag] = _flags(memory, tmp_path, "start-again", south, north)
    assert [item.record_ref for item in flag.evidence] == ["S1", "N1"]


def test_a_referral_after_the_same_organisations_own_closure_is_low(
    memory: ChronologyService, tmp_path: Path
) -> None:
    north = _north(("N1", "01/10/2024", "early_help_closed"), ("N2", "05/03/2025", "referral"))
    [flag] = _flags(memory, tmp_path, "start-again", north)
    assert flag.severity == "low"
    assert "NORTHSHIRE CSC recorded early help closed on 01/10/2024" in flag.explanation


def test_a_closure_told_to_one_agency_names_only_the_one_not_told(
    memory: ChronologyService, tmp_path: Path
) -> None:
    school = _agency("HOLLYBANK PRIMARY", "school", ("E1", "20/03/2025", "attendance_concern"))
    gp = _closing_gp(shared_with="HOLLYBANK PRIMARY")
    [flag] = _flags(memory, tmp_path, "closure-without-handover", gp, _visiting(), school)
    assert "while NORTHSHIRE HEALTH VISITING was involved" in flag.explanation
    assert "HOLLYBANK" not in flag.explanation


def test_six_drop_aways_in_two_runs_are_two_episodes(
    memory: ChronologyService, tmp_path: Path
) -> None:
    builders = _engaged_then(
        ("H2", "01/10/2024", "no_access_visit"),
        ("H3", "08/10/2024", "no_access_visit"),
        ("H4", "15/10/2024", "no_access_visit"),
        ("R1", "01/06/2025", "appointment_missed"),
        ("R2", "08/06/2025", "appointment_cancelled"),
        ("R3", "15/06/2025", "appointment_missed"),
    )
    found = _flags(memory, tmp_path, "disengagement-pattern", *builders)
    assert sorted([item.record_ref for item in flag.evidence] for flag in found) == [
        ["H1", "H2", "H3", "H4"],
        ["H1", "R1", "R2", "R3"],
    ]
