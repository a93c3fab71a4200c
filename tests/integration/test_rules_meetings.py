"""Rules 4, 9 and 10 of RULES.md, each shown to fire and shown not to (near misses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import chronology.rules.siblings_not_considered
import chronology.rules.strategy_discussion_missing_agency
import chronology.rules.voice_of_child_missing  # noqa: F401 - registers the rules
from chronology.bootstrap import open_service
from chronology.rules.flag import Flag
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, HEALTH_VISITING, ExtractBuilder

CASE = "RR-MEETINGS"
CSC = "NORTHSHIRE CSC"
SCHOOL = "HOLLYBANK PRIMARY"


@pytest.fixture
def memory() -> Iterator[ChronologyService]:
    service = open_service(Settings(in_memory=True))
    yield service
    service.close()


def _family(organisation: str = CSC, agency: str = "childrens_social_care") -> ExtractBuilder:
    """Kerry, baby Finn (born 14/08/2024) and Maisie (born 03/02/2017), as one agency knows them."""
    return (
        ExtractBuilder(organisation=organisation, agency=agency)
        .person("K", "Kerry", "Doyle", date_of_birth="12/04/1998", sex="female")
        .person("F", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male")
        .person("M", "Maisie", "Doyle", date_of_birth="03/02/2017", sex="female")
    )


def _living_together(builder: ExtractBuilder, *children: str) -> ExtractBuilder:
    for child in children:
        builder.relationship("K", "mother", child, lives_with_child="yes")
    return builder


def _flags(
    service: ChronologyService, tmp_path: Path, rule: str, *builders: ExtractBuilder
) -> list[Flag]:
    for builder in builders:
        folder = tmp_path / builder.organisation.replace(" ", "-")
        service.import_file(builder.write_csv_folder(folder), CASE, "test")
    return [flag for flag in service.flags(CASE) if flag.rule == rule]


# strategy-discussion-missing-agency


def _police_about(subject: str, occurred: str) -> ExtractBuilder:
    return _family("NORTHSHIRE POLICE", "police").event(
        "N1", occurred, "police_welfare_check", subject
    )


def test_an_involved_gp_invited_and_absent_is_flagged_with_health_for_a_baby(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _family(GP, "gp").event("G1", "15/11/2024", "gp_consultation", "F")
    care = _family().event(
        "S1",
        "01/12/2024",
        "strategy_discussion",
        "F",
        invited=f"police;{GP}",
        attended="police",
    )
    [flag] = _flags(
        memory,
        tmp_path,
        "strategy-discussion-missing-agency",
        _police_about("F", "01/11/2024"),
        gp,
        care,
    )
    assert flag.explanation.startswith(
        "Strategy discussion about Finn Doyle on 01/12/2024: invited but did not attend:"
        f" {GP}; no GP or health visiting present, though Finn Doyle was 0 years old"
    )
    assert flag.severity == "medium"
    assert [(item.organisation, item.record_ref) for item in flag.evidence] == [
        (CSC, "S1"),
        (GP, "G1"),
    ]


def test_an_involved_school_not_invited_is_high(memory: ChronologyService, tmp_path: Path) -> None:
    school = _family(SCHOOL, "school").event("E1", "20/11/2024", "school_safeguarding_concern", "M")
    care = _family().event(
        "S1", "01/12/2024", "strategy_discussion", "M", invited="police", attended="police"
    )
    [flag] = _flags(
        memory,
        tmp_path,
        "strategy-discussion-missing-agency",
        _police_about("M", "01/11/2024"),
        school,
        care,
    )
    assert flag.severity == "high"
    assert f"not invited: {SCHOOL}" in flag.explanation
    assert "health" not in flag.explanation  # Maisie is 7: health is not always expected


def test_involved_agencies_invited_and_attending_for_a_child_over_5_are_not_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    school = _family(SCHOOL, "school").event("E1", "20/11/2024", "school_safeguarding_concern", "M")
    care = _family().event(
        "S1",
        "01/12/2024",
        "strategy_discussion",
        "M",
        invited=f"police;{SCHOOL}",
        attended=f"police;{SCHOOL.lower()}",
    )
    assert (
        _flags(
            memory,
            tmp_path,
            "strategy-discussion-missing-agency",
            _police_about("M", "01/11/2024"),
            school,
            care,
        )
        == []
    )


def test_a_baby_with_the_health_visitor_attending_is_not_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    visiting = _family(HEALTH_VISITING, "health_visiting").event(
        "H1", "10/11/2024", "home_visit", "F"
    )
    care = _family().event(
        "S1",
        "01/12/2024",
        "strategy_discussion",
        "F",
        invited="health_visiting",
        attended="health_visiting",
    )
    found = _flags(memory, tmp_path, "strategy-discussion-missing-agency", visiting, care)
    assert found == []


def test_an_agency_last_involved_over_90_days_before_is_not_expected(
    memory: ChronologyService, tmp_path: Path
) -> None:
    school = _family(SCHOOL, "school").event("E1", "20/06/2024", "school_safeguarding_concern", "M")
    care = _family().event("S1", "01/12/2024", "strategy_discussion", "M")
    assert _flags(memory, tmp_path, "strategy-discussion-missing-agency", school, care) == []


def test_an_agency_code_does_not_stand_for_one_of_two_schools(
    memory: ChronologyService, tmp_path: Path
) -> None:
    first = _family(SCHOOL, "school").event("E1", "20/11/2024", "attendance_concern", "M")
    second = _family("OAKFIELD ACADEMY", "school").event("E2", "21/11/2024", "exclusion", "M")
    care = _family().event(
        "S1", "01/12/2024", "strategy_discussion", "M", invited="school", attended="school"
    )
    [flag] = _flags(memory, tmp_path, "strategy-discussion-missing-agency", first, second, care)
    assert f"not invited: {SCHOOL}, OAKFIELD ACADEMY" in flag.explanation


# voice-of-child-missing


def test_two_visits_without_the_childs_voice_are_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = (
        _family()
        .event("V1", "01/10/2024", "home_visit", "F", child_seen="no")
        .event("V2", "15/11/2024", "assessment_completed", "F")
    )
    [flag] = _flags(memory, tmp_path, "voice-of-child-missing", care)
    assert flag.severity == "medium"
    assert flag.explanation.startswith(
        "Finn Doyle: 2 visits, assessments or conferences between 01/10/2024 and 15/11/2024"
        " (1 home visit, 1 assessment completed) and none records that Finn Doyle was seen"
    )
    assert [item.record_ref for item in flag.evidence] == ["V1", "V2"]


def test_a_child_unheard_while_a_sibling_was_heard_is_high(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = (
        _living_together(_family(), "F", "M")
        .event("V1", "01/10/2024", "home_visit", "F")
        .event("V2", "01/11/2024", "home_visit", "F")
        .event(
            "V3",
            "01/11/2024",
            "home_visit",
            "M",
            child_seen="yes",
            child_voice="Maisie said she is scared when her mum shouts",
        )
    )
    [flag] = _flags(memory, tmp_path, "voice-of-child-missing", care)
    assert flag.severity == "high" and flag.children != ()
    assert "In the same period the voice of Maisie Doyle was recorded." in flag.explanation
    assert "Maisie" not in flag.explanation.split(".")[0]


def test_a_child_whose_voice_was_recorded_is_not_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = (
        _family()
        .event("V1", "01/10/2024", "home_visit", "F")
        .event(
            "V2",
            "15/11/2024",
            "home_visit",
            "F",
            child_seen="yes",
            child_voice="Finn alert, smiling, clean and well handled",
        )
    )
    assert _flags(memory, tmp_path, "voice-of-child-missing", care) == []


def test_visits_four_months_apart_are_not_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = (
        _family()
        .event("V1", "01/10/2024", "home_visit", "F")
        .event("V2", "05/02/2025", "home_visit", "F")
    )
    assert _flags(memory, tmp_path, "voice-of-child-missing", care) == []


# siblings-not-considered


def _incident(occurred: str = "01/10/2024") -> ExtractBuilder:
    return _family("NORTHSHIRE POLICE", "police").event(
        "N1", occurred, "domestic_abuse_incident", "K", attributes='{"children_present": true}'
    )


def test_a_referral_naming_one_of_two_children_is_flagged_for_the_other(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = _living_together(_family(), "F", "M").event("S1", "03/10/2024", "referral", "F")
    [flag] = _flags(memory, tmp_path, "siblings-not-considered", _incident(), care)
    assert flag.explanation == (
        "Domestic abuse incident recorded by NORTHSHIRE POLICE on 01/10/2024 in a household of"
        " 2 children (Finn Doyle and Maisie Doyle). The follow-up within 30 days (referral by"
        f" {CSC} on 03/10/2024) names Finn Doyle but not Maisie Doyle."
    )
    assert [item.record_ref for item in flag.evidence] == ["N1", "S1"]
    assert flag.window is not None


def test_a_follow_up_naming_every_child_is_not_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = _living_together(_family(), "F", "M").event("S1", "03/10/2024", "referral", "F;M")
    assert _flags(memory, tmp_path, "siblings-not-considered", _incident(), care) == []


def test_an_only_child_is_not_flagged(memory: ChronologyService, tmp_path: Path) -> None:
    care = _living_together(_family(), "F").event("S1", "03/10/2024", "referral", "F")
    assert _flags(memory, tmp_path, "siblings-not-considered", _incident(), care) == []


def test_a_neglect_concern_followed_up_for_one_child_is_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    school = _family(SCHOOL, "school").event(
        "E1", "04/11/2024", "school_safeguarding_concern", "M", "Maisie hungry: neglect concern"
    )
    care = _living_together(_family(), "F", "M").event(
        "S1", "10/11/2024", "assessment_started", "M"
    )
    [flag] = _flags(memory, tmp_path, "siblings-not-considered", school, care)
    assert "names Maisie Doyle but not Finn Doyle" in flag.explanation
