"""The knowledge projection (who knew of each entry, from when) and rule 3 of RULES.md,
information-not-shared, shown to fire and shown not to on its near misses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from chronology.bootstrap import open_service
from chronology.knowledge import Knowledge, build_knowledge, household_of
from chronology.people.graph import build_graph
from chronology.rules.flag import Flag
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, HEALTH_VISITING, ExtractBuilder

CASE = "RR-KNOWLEDGE"
RULE = "information-not-shared"
CSC = "NORTHSHIRE CSC"
WESTVALE_HV = "WESTVALE HEALTH VISITING"
LATER = date(2025, 6, 1)


@pytest.fixture
def memory() -> Iterator[ChronologyService]:
    service = open_service(Settings(in_memory=True))
    yield service
    service.close()


def _family(organisation: str, agency: str, area: str = "Northshire") -> ExtractBuilder:
    """Kerry, her partner Dean and baby Finn (born 14/08/2024), living together."""
    return (
        ExtractBuilder(organisation=organisation, agency=agency, area=area)
        .person("K", "Kerry", "Doyle", date_of_birth="12/04/1998", sex="female")
        .person("D", "Dean", "Doyle", date_of_birth="02/02/1995", sex="male")
        .person("F", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male")
        .relationship("K", "mother", "F", lives_with_child="yes")
        .relationship("D", "father", "F", lives_with_child="yes")
    )


def _hv(*more: tuple[str, str, str]) -> ExtractBuilder:
    builder = _family(HEALTH_VISITING, "health_visiting").event(
        "H1", "26/08/2024", "new_birth_visit", "F"
    )
    for ref, occurred, event_type in more:
        builder.event(ref, occurred, event_type, "F")
    return builder


def _police(**incident: str) -> ExtractBuilder:
    return _family("NORTHSHIRE POLICE", "police").event(
        "N1",
        "07/09/2024",
        "domestic_abuse_incident",
        "K;D;F",
        attributes='{"children_present": true}',
        **incident,
    )


def _load(service: ChronologyService, tmp_path: Path, *builders: ExtractBuilder) -> None:
    for builder in builders:
        folder = tmp_path / builder.organisation.replace(" ", "-")
        service.import_file(builder.write_csv_folder(folder), CASE, "test")


def _flags(service: ChronologyService, as_at: date | None = LATER) -> list[Flag]:
    return [flag for flag in service.flags(CASE, as_at) if flag.rule == RULE]


def _knowledge(service: ChronologyService, as_at: date = LATER) -> tuple[Knowledge, dict[str, str]]:
    frame = service.timeline_dataframe(CASE)
    people = service.people(CASE)
    graph = build_graph(people.people, people.relationships)
    ids = {row.record_ref: row.id for row in frame.itertuples()}
    return build_knowledge(frame, as_at, household_of(graph)), ids


# The knowledge projection


def test_the_recording_agency_knows_from_its_recorded_date(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _load(memory, tmp_path, _police(recorded_on="09/09/2024"))
    knowledge, ids = _knowledge(memory)
    known = knowledge.first_known(ids["N1"], "NORTHSHIRE POLICE")
    assert known is not None and (known.day, known.how) == (date(2024, 9, 9), "recorded")


def test_an_agency_code_in_shared_with_means_that_agency_in_the_same_area(
    memory: ChronologyService, tmp_path: Path
) -> None:
    westvale = _family(WESTVALE_HV, "health_visiting", "Westvale").event(
        "W1", "01/09/2024", "home_visit", "F"
    )
    _load(
        memory,
        tmp_path,
        _hv(),
        westvale,
        _police(shared_with="health_visiting", shared_on="10/09/2024"),
    )
    knowledge, ids = _knowledge(memory)
    told = knowledge.first_known(ids["N1"], HEALTH_VISITING)
    assert told is not None and (told.day, told.how) == (date(2024, 9, 10), "shared_with")
    assert knowledge.first_known(ids["N1"], WESTVALE_HV) is None


def test_an_information_shared_entry_tells_its_receivers_of_the_entries_it_is_about(
    memory: ChronologyService, tmp_path: Path
) -> None:
    police = _police().event(
        "N2",
        "12/09/2024",
        "information_shared",
        "F",
        shared_with=HEALTH_VISITING,
        attributes='{"about": ["N1"]}',
    )
    _load(memory, tmp_path, _hv(), police)
    knowledge, ids = _knowledge(memory)
    told = knowledge.first_known(ids["N1"], HEALTH_VISITING)
    assert told is not None and (told.day, told.how) == (date(2024, 9, 12), "information_shared")
    assert "(NORTHSHIRE POLICE N2)" in told.describe(knowledge.refs)


def test_an_agencys_own_entry_of_the_same_incident_is_knowing_it(
    memory: ChronologyService, tmp_path: Path
) -> None:
    hv = _hv().event("H2", "08/09/2024", "domestic_abuse_incident", "K;F")
    _load(memory, tmp_path, hv, _police())
    knowledge, ids = _knowledge(memory)
    known = knowledge.first_known(ids["N1"], HEALTH_VISITING)
    assert known is not None and (known.day, known.how) == (date(2024, 9, 8), "own_entry")


def test_agencies_at_a_conference_learn_what_any_of_them_knew(
    memory: ChronologyService, tmp_path: Path
) -> None:
    care = _family(CSC, "childrens_social_care").event(
        "S1", "03/10/2024", "initial_cp_conference", "F", attended=f"police;{HEALTH_VISITING}"
    )
    _load(memory, tmp_path, _hv(), _police(), care)
    knowledge, ids = _knowledge(memory)
    heard = knowledge.first_known(ids["N1"], HEALTH_VISITING)
    assert heard is not None and (heard.day, heard.how) == (date(2024, 10, 3), "meeting")
    assert {known.organisation for known in knowledge.knowers(ids["N1"], date(2024, 10, 2))} == {
        "NORTHSHIRE POLICE"
    }


def test_knowledge_gained_after_the_as_at_date_is_not_known(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _load(memory, tmp_path, _hv(), _police(shared_with=HEALTH_VISITING, shared_on="20/09/2024"))
    knowledge, ids = _knowledge(memory, as_at=date(2024, 9, 15))
    assert knowledge.first_known(ids["N1"], HEALTH_VISITING) is None


# information-not-shared


def test_a_call_out_not_shared_with_the_involved_health_visitor_is_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _load(memory, tmp_path, _hv(), _police(shared_with=CSC))
    [flag] = _flags(memory)
    assert flag.severity == "high"  # children present, Finn under 2, HV works with him
    assert [item.record_ref for item in flag.evidence] == ["N1", "H1"]
    assert (
        "NORTHSHIRE POLICE recorded a domestic abuse incident (N1) about Kerry Doyle, Dean Doyle"
        " and Finn Doyle on 07/09/2024. NORTHSHIRE HEALTH VISITING was involved with Finn Doyle"
        " (latest entry 26/08/2024) but shows no sign of knowing within 7 days (by 14/09/2024)"
    ) in flag.explanation
    assert "Still no sign of knowing as at 01/06/2025." in flag.explanation


def test_a_call_out_shared_within_seven_days_is_not_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _load(memory, tmp_path, _hv(), _police(shared_with=HEALTH_VISITING, shared_on="14/09/2024"))
    assert _flags(memory) == []


def test_shared_one_day_outside_the_window_is_flagged_and_says_when_it_was_known(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _load(memory, tmp_path, _hv(), _police(shared_with=HEALTH_VISITING, shared_on="15/09/2024"))
    [flag] = _flags(memory)
    assert "It first knew 8 days after: it was named as told on the entry on 15/09/2024" in (
        flag.explanation
    )


def test_an_agency_not_involved_in_the_ninety_days_before_is_not_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    hv = _family(HEALTH_VISITING, "health_visiting").event(
        "H1", "08/06/2024", "antenatal_booking", "K"
    )
    _load(memory, tmp_path, hv, _police())
    assert _flags(memory) == []


def test_an_agency_that_closed_its_work_is_no_longer_involved(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _load(memory, tmp_path, _hv(("H2", "01/09/2024", "discharge")), _police())
    assert _flags(memory) == []


def test_an_arrest_of_an_adult_living_with_the_child_concerns_the_child(
    memory: ChronologyService, tmp_path: Path
) -> None:
    police = _family("NORTHSHIRE POLICE", "police").event("N1", "07/09/2024", "arrest", "D")
    _load(memory, tmp_path, _hv(), police)
    [flag] = _flags(memory)
    assert flag.severity == "medium"
    assert "an arrest (N1) about Dean Doyle" in flag.explanation
    assert "involved with Finn Doyle" in flag.explanation


def test_the_flag_waits_until_the_seven_days_have_passed(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _load(memory, tmp_path, _hv(), _police())
    assert _flags(memory, date(2024, 9, 13)) == []
    assert len(_flags(memory, date(2024, 9, 14))) == 1


def test_one_flag_per_agency_not_told_each_with_a_stable_id(
    memory: ChronologyService, tmp_path: Path
) -> None:
    gp = _family(GP, "gp").event("G1", "01/09/2024", "gp_consultation", "F")
    _load(memory, tmp_path, _hv(), gp, _police())
    first = _flags(memory)
    assert sorted(flag.evidence[1].organisation for flag in first) == sorted([HEALTH_VISITING, GP])
    _load(memory, tmp_path, _hv(("H3", "05/09/2024", "home_visit")))
    assert {flag.id for flag in _flags(memory)} == {flag.id for flag in first}


def test_a_change_of_address_not_shared_is_low(memory: ChronologyService, tmp_path: Path) -> None:
    gp = _family(GP, "gp").event("G1", "01/09/2024", "address_change", "K;F")
    _load(memory, tmp_path, _hv(), gp)
    [flag] = _flags(memory)
    assert flag.severity == "low"


# The demo case (fixtures/demo/README.md, planted patterns and near misses)


@pytest.fixture(scope="module")
def demo_flags(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Flag]:
    """The demo's information-not-shared flags by (record_ref, organisation not told)."""
    from fixtures.demo.demo001 import family as f

    service = open_service(Settings(store=tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    try:
        demo = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "cases" / f.CASE
        for extract in sorted(demo.iterdir()):
            service.import_file(extract, f.CASE, "test")
        found = [flag for flag in service.flags(f.CASE) if flag.rule == RULE]
    finally:
        service.close()
    return {(flag.evidence[0].record_ref, flag.evidence[1].organisation): flag for flag in found}


def test_the_demo_call_out_health_visiting_first_heard_of_at_the_conference(
    demo_flags: dict[tuple[str, str], Flag],
) -> None:
    flag = demo_flags[("NP-24-0702", "Northshire Health Visiting")]
    assert flag.severity == "high"
    assert "It first knew 26 days after: it heard of it at a meeting on 03/10/2024" in (
        flag.explanation
    )


def test_the_demo_plan_not_sent_to_the_gp_and_the_gps_bruise_shared_with_no_one(
    demo_flags: dict[tuple[str, str], Flag],
) -> None:
    assert ("NC-10703", "Riverside Surgery") in demo_flags
    assert ("RS-1297", "Northshire Children's Social Care") in demo_flags
    assert ("RS-1297", "Northshire Health Visiting") in demo_flags


def test_the_demo_near_misses_are_not_flagged_for_the_agencies_told(
    demo_flags: dict[tuple[str, str], Flag],
) -> None:
    told = [
        ("NP-24-0981", "Northshire Children's Social Care"),
        ("NP-24-0981", "Northshire Health Visiting"),
        ("NP-24-0981", "Hollybank Primary School"),
        ("ED-241128-0077", "Northshire Health Visiting"),
        ("ED-241128-0077", "Riverside Surgery"),
        ("ED-241128-0077", "Northshire Children's Social Care"),
    ]
    assert [pair for pair in told if pair in demo_flags] == []


def test_closing_with_one_child_leaves_an_agency_involved_with_the_other(
    memory: ChronologyService, tmp_path: Path
) -> None:
    hv = (
        _hv(("H2", "01/09/2024", "discharge"))
        .person("M", "Maisie", "Doyle", date_of_birth="03/02/2017", sex="female")
        .event("H3", "20/08/2024", "home_visit", "M")
    )
    police = _police().person("M", "Maisie", "Doyle", date_of_birth="03/02/2017", sex="female")
    police.events[0]["subjects"] = "K;D;F;M"
    _load(memory, tmp_path, hv, police)
    [flag] = _flags(memory)
    assert flag.evidence[1].record_ref == "H3"
