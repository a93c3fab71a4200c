"""Recording a strategy discussion from the case page: stored as an entry of the chair's
organisation, so that strategy-discussion-missing-agency sees it; its subjects stay the same
people; the organisation's other entries are never touched; recording it again is a no-op."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import chronology.rules.strategy_discussion_missing_agency  # noqa: F401 - registers the rule
from chronology.application import ImportOutcome
from chronology.bootstrap import open_service
from chronology.people.models import Person
from chronology.rules.flag import Flag
from chronology.service import ChronologyService
from chronology.settings import Settings
from chronology.strategy_discussion import DiscussionRefused
from chronology.strategy_subjects import SubjectNotFound
from tests.builders import GP, HEALTH_VISITING, POLICE, VALID_NHS, ExtractBuilder

CASE = "RR-STRATEGY"
CSC = "NORTHSHIRE CSC"
RULE = "strategy-discussion-missing-agency"
HELD = date(2024, 12, 1)


def _finn(builder: ExtractBuilder, ref: str, **more: Any) -> ExtractBuilder:
    return builder.person(ref, "Finn", "Doyle", date_of_birth="14/08/2024", sex="male", **more)


def _extracts() -> list[ExtractBuilder]:
    """Four agencies involved with baby Finn in the 90 days before 01/12/2024; health
    visiting also knows his father only as "Dean"."""
    csc = _finn(ExtractBuilder(organisation=CSC, agency="childrens_social_care"), "F")
    csc.person("K", "Kerry", "Doyle", date_of_birth="12/04/1998", sex="female")
    csc.event("CS-1", "10/11/2024", "referral", "F;K", "Referral from police")
    police = _finn(ExtractBuilder(organisation=POLICE), "P2")
    police.event("NP-1", "07/11/2024", "domestic_abuse_incident", "P2", "Call-out")
    gp = _finn(ExtractBuilder(organisation=GP, agency="gp"), "G1", nhs_number=VALID_NHS)
    gp.event("G-1", "15/11/2024", "gp_consultation", "G1", "Bruise on cheek")
    hv = _finn(
        ExtractBuilder(organisation=HEALTH_VISITING, agency="health_visiting"),
        "HV-9",
        nhs_number=VALID_NHS,
    )
    hv.person("HV-11", "Dean")
    hv.event("HV-1", "25/11/2024", "home_visit", "HV-9;HV-11", "Home visit")
    return [csc, police, gp, hv]


def _load(service: ChronologyService, tmp_path: Path) -> ChronologyService:
    for number, builder in enumerate(_extracts()):
        service.import_file(builder.write_csv_folder(tmp_path / f"x{number}"), CASE, "test")
    return service


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[ChronologyService]:
    service = open_service(Settings(in_memory=True))
    yield _load(service, tmp_path)
    service.close()


def _person(service: ChronologyService, name: str) -> Person:
    [person] = [p for p in service.people(CASE).people if p.name == name]
    return person


def _record(
    service: ChronologyService,
    invited: list[str],
    attended: list[str],
    subjects: list[str] | None = None,
    organisation: str = CSC,
    **more: Any,
) -> ImportOutcome:
    options: dict[str, Any] = {
        "occurred": HELD,
        "subjects": subjects or [_person(service, "Finn Doyle").id],
        "invited": invited,
        "attended": attended,
        "outcome": "Section 47 enquiry; child protection medical today",
        "summary": None,
        "by": "Chair Person",
        **more,
    }
    return service.record_strategy_discussion(CASE, organisation, **options)


def _flags(service: ChronologyService) -> list[Flag]:
    return [flag for flag in service.flags(CASE) if flag.rule == RULE]


def test_a_missing_and_an_absent_agency_raise_the_flag_for_the_recorded_discussion(
    service: ChronologyService, tmp_path: Path
) -> None:
    _load(service, tmp_path)
    assert _flags(service) == []
    _record(service, invited=["police", GP], attended=["police"])
    [flag] = _flags(service)
    assert f"not invited: {HEALTH_VISITING}" in flag.explanation
    assert f"invited but did not attend: {GP}" in flag.explanation
    discussion = next(item for item in flag.evidence if item.organisation == CSC)
    assert discussion.event_type == "strategy_discussion"
    assert discussion.occurred.startswith("2024-12-01")


def test_inviting_and_hearing_from_everyone_involved_raises_no_flag(
    memory: ChronologyService,
) -> None:
    everyone = ["police", "gp", "health_visiting"]
    _record(memory, invited=everyone, attended=everyone)
    assert _flags(memory) == []


def test_the_entry_is_the_chair_organisations_with_the_form_as_given(
    memory: ChronologyService,
) -> None:
    _record(
        memory,
        invited=["Police; GP", "  Northshire  MARAC "],
        attended=["police", "POLICE"],
        organisation="northshire csc",
    )
    [entry] = [e for e in memory.timeline(CASE) if e["event_type"] == "strategy_discussion"]
    assert (entry["organisation"], entry["agency"], entry["area"]) == (
        CSC,
        "childrens_social_care",
        "Northshire",
    )
    assert (entry["invited"], entry["attended"]) == (
        ["police", "gp", "Northshire MARAC"],
        ["police"],
    )
    assert entry["outcome"] == "Section 47 enquiry; child protection medical today"
    assert entry["summary"] == "Strategy discussion"
    assert [subject["name"] for subject in entry["subjects"]] == ["Finn Doyle"]
    [extract] = [x for x in memory.extracts(CASE) if x["file_name"].endswith(".page")]
    assert extract["file_name"] == "strategy-discussion-2024-12-01.page"
    assert extract["uploaded_by"] == "Chair Person"


def test_recording_the_same_discussion_again_changes_nothing(memory: ChronologyService) -> None:
    first = _record(memory, invited=["police"], attended=["police"])
    entries, extracts = len(memory.timeline(CASE)), len(memory.extracts(CASE))
    again = _record(memory, invited=["police"], attended=["police"])
    assert (first.already_imported, again.already_imported) == (False, True)
    assert (len(memory.timeline(CASE)), len(memory.extracts(CASE))) == (entries, extracts)


def test_a_corrected_outcome_amends_the_one_entry(memory: ChronologyService) -> None:
    _record(memory, invited=["police"], attended=["police"])
    corrected = _record(
        memory, invited=["police"], attended=["police"], outcome="No further action"
    )
    assert (corrected.counts.entries_new, corrected.counts.entries_amended) == (0, 1)
    [entry] = [e for e in memory.timeline(CASE) if e["event_type"] == "strategy_discussion"]
    assert (entry["outcome"], entry["version"]) == ("No further action", 2)


def test_the_organisations_other_entries_are_not_touched(memory: ChronologyService) -> None:
    def own() -> list[tuple[str, int, str]]:
        query_all = [e for e in memory.timeline(CASE) if e["organisation"] == CSC]
        return [(e["source"]["record_ref"], e["version"], e["status"]) for e in query_all]

    before = own()
    _record(memory, invited=["police"], attended=["police"])
    after = own()
    assert [row for row in after if not row[0].startswith("chronology-")] == before
    assert len(after) == len(before) + 1


def test_subjects_stay_the_same_people_with_the_same_ids(memory: ChronologyService) -> None:
    before = {person.id: person.name for person in memory.people(CASE).people}
    finn, dean = _person(memory, "Finn Doyle"), _person(memory, "Dean")
    _record(
        memory,
        invited=["police"],
        attended=["police"],
        subjects=[finn.id, dean.id],
        organisation="NORTHSHIRE MARAC",
        agency="other",
    )
    people = memory.people(CASE).people
    assert {person.id: person.name for person in people} == before
    for person in (finn, dean):
        [now] = [p for p in people if p.id == person.id]
        assert "NORTHSHIRE MARAC" in now.organisations


def test_a_subject_the_chair_knows_already_is_named_by_their_own_ref(
    memory: ChronologyService,
) -> None:
    finn = _person(memory, "Finn Doyle")
    outcome = _record(memory, invited=["police"], attended=["police"], subjects=[finn.id])
    assert outcome.counts.people_new == 0
    [now] = [p for p in memory.people(CASE).people if p.id == finn.id]
    assert [m.person_ref for m in now.mentions if m.organisation == CSC] == ["F"]


def test_a_new_subject_that_matching_leaves_apart_is_joined_by_the_chairs_choice(
    memory: ChronologyService,
) -> None:
    dean = _person(memory, "Dean")
    _record(memory, invited=["police"], attended=["police"], subjects=[dean.id])
    [now] = [p for p in memory.people(CASE).people if p.id == dean.id]
    assert set(now.organisations) == {HEALTH_VISITING, CSC}
    [link] = [
        link for link in memory.people(CASE).resolution.links if dean.id in (link.left, link.right)
    ]
    assert link.method == "reviewer"


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"organisation": "NORTHSHIRE MARAC"}, DiscussionRefused, "give its agency code"),
        ({"agency": "police"}, DiscussionRefused, "as agency childrens_social_care"),
        ({"agency": "social_work"}, DiscussionRefused, "is not an agency code"),
        ({"subjects": ["00000000-0000-0000-0000-000000000000"]}, SubjectNotFound, "people --case"),
        ({"occurred": date.today() + timedelta(days=2)}, DiscussionRefused, "after today"),
        ({"outcome": "  "}, DiscussionRefused, "the outcome is empty"),
        ({"by": ""}, DiscussionRefused, "name of who records it is empty"),
    ],
)
def test_what_cannot_be_recorded_is_refused_and_nothing_is_stored(
    memory: ChronologyService, change: dict[str, Any], error: type[Exception], message: str
) -> None:
    head = memory.app.recorder.max_notification_id()
    with pytest.raises(error, match=message):
        _record(memory, invited=["police"], attended=["police"], **change)
    assert memory.app.recorder.max_notification_id() == head
