"""Person matching and the family network, on the in-memory, SQLite and PostgreSQL stores."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from chronology.domain.match_decision import Judgement
from chronology.people.assemble import CasePeople
from chronology.service import ChronologyService
from tests.builders import GP, HEALTH_VISITING, VALID_NHS, ExtractBuilder

CASE = "RR-PEOPLE"
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "cases" / "DEMO-001"


def _police() -> ExtractBuilder:
    return (
        ExtractBuilder()
        .person(
            "P1",
            "Kerry",
            "Doyle",
            known_as="Kerry Walsh",
            date_of_birth="12/04/1998",
            sex="female",
            postcode="NS1 4RT",
        )
        .person("P2", "Dean", "Doyle", date_of_birth="19/06/1995", sex="male", postcode="NS1 4RT")
        .person("P3", "Jason", "Doyle", date_of_birth="09/02/1991", sex="male", postcode="NS1 4RT")
        .person("P4", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male")
        .relationship("P2", "father", "P4")
        .event("NP-1", "05/09/2024", "domestic_abuse_incident", "P1;P2;P4")
    )


def _health_visiting() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=HEALTH_VISITING, agency="health_visiting")
        .person("HV-1", "Kerry", "Walsh", date_of_birth="04/12/1998", sex="female")
        .person("HV-2", "Dean", sex="male")
        .person(
            "HV-3",
            "Baby",
            "Walsh",
            known_as="Baby of Kerry Walsh",
            nhs_number=VALID_NHS,
            date_of_birth="14/08/2024",
        )
        .relationship(
            "HV-1", "mother", "HV-3", parental_responsibility="yes", pr_basis="birth_mother"
        )
        .relationship("HV-2", "father", "HV-3")
        .event("HV-10", "20/09/2024", "new_birth_visit", "HV-1;HV-3")
    )


def _gp() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=GP, agency="gp")
        .person("G1", "Finn", "Doyle", nhs_number=VALID_NHS, date_of_birth="14/08/2024")
        .event("G-1", "01/10/2024", "immunisation", "G1")
    )


def _load(service: ChronologyService, tmp_path: Path, *builders: ExtractBuilder) -> CasePeople:
    for number, builder in enumerate(builders):
        service.import_file(builder.write_csv_folder(tmp_path / f"x{number}"), CASE, "test")
    return service.people(CASE)


def _person(people: CasePeople, organisation: str, ref: str) -> str:
    return next(
        p.id
        for p in people.people
        for m in p.mentions
        if m.organisation == organisation and m.person_ref == ref
    )


def _mention(people: CasePeople, organisation: str, ref: str) -> UUID:
    return next(
        UUID(m.mention_id)
        for m in people.mentions.values()
        if m.organisation == organisation and m.person_ref == ref
    )


def test_the_same_person_across_agencies_becomes_one_with_the_reasons(
    service: ChronologyService, tmp_path: Path
) -> None:
    people = _load(service, tmp_path, _police(), _health_visiting(), _gp())
    kerry = _person(people, "NORTHSHIRE POLICE", "P1")
    assert _person(people, HEALTH_VISITING, "HV-1") == kerry  # maiden name, day/month swapped
    link = next(
        found
        for found in people.resolution.links
        if {people.mentions[found.left].person_ref, people.mentions[found.right].person_ref}
        == {"P1", "HV-1"}
    )
    assert "date of birth: day and month swapped" in link.explanation
    assert "surname: same (or a maiden / known-as name) (doyle vs walsh)" in link.explanation
    baby = _person(people, HEALTH_VISITING, "HV-3")
    assert _person(people, GP, "G1") == baby == _person(people, "NORTHSHIRE POLICE", "P4")


def test_a_father_and_an_uncle_with_one_surname_and_address_stay_apart(
    service: ChronologyService, tmp_path: Path
) -> None:
    people = _load(service, tmp_path, _police(), _health_visiting())
    assert _person(people, "NORTHSHIRE POLICE", "P2") != _person(people, "NORTHSHIRE POLICE", "P3")


def test_a_name_with_nothing_else_is_a_candidate_for_a_reviewer_not_a_link(
    service: ChronologyService, tmp_path: Path
) -> None:
    people = _load(service, tmp_path, _police(), _health_visiting())
    dean, hv_dean = (
        _person(people, "NORTHSHIRE POLICE", "P2"),
        _person(people, HEALTH_VISITING, "HV-2"),
    )
    assert dean != hv_dean
    pairs = [
        {people.mentions[c.left].person_ref, people.mentions[c.right].person_ref}
        for c in people.resolution.candidates
    ]
    assert {"P2", "HV-2"} in pairs


def test_reviewer_decisions_merge_split_and_undo_and_survive_reimport(
    service: ChronologyService, tmp_path: Path
) -> None:
    people = _load(service, tmp_path, _police(), _health_visiting())
    dean, hv_dean = (
        _mention(people, "NORTHSHIRE POLICE", "P2"),
        _mention(people, HEALTH_VISITING, "HV-2"),
    )
    service.decide_match(CASE, dean, hv_dean, Judgement.SAME, "reviewer")
    corrected = _health_visiting()
    corrected.events[0]["summary"] = "Corrected summary"
    service.import_file(corrected.write_csv_folder(tmp_path / "again"), CASE, "test")
    after = service.people(CASE)
    assert _person(after, HEALTH_VISITING, "HV-2") == _person(after, "NORTHSHIRE POLICE", "P2")
    kerry, hv_kerry = (
        _mention(after, "NORTHSHIRE POLICE", "P1"),
        _mention(after, HEALTH_VISITING, "HV-1"),
    )
    service.decide_match(CASE, kerry, hv_kerry, Judgement.DIFFERENT, "reviewer", "two Kerrys")
    split = service.people(CASE)
    assert _person(split, HEALTH_VISITING, "HV-1") != _person(split, "NORTHSHIRE POLICE", "P1")
    service.decide_match(CASE, kerry, hv_kerry, None, "reviewer")
    undone = service.people(CASE)
    assert _person(undone, HEALTH_VISITING, "HV-1") == _person(undone, "NORTHSHIRE POLICE", "P1")


def test_an_unborn_child_is_never_linked_to_a_born_one_without_a_reviewer(
    service: ChronologyService, tmp_path: Path
) -> None:
    social_care = (
        ExtractBuilder(
            organisation="NORTHSHIRE CHILDREN'S SOCIAL CARE", agency="childrens_social_care"
        )
        .person(
            "C1",
            "",
            "Walsh",
            known_as="Unborn baby of Kerry Walsh",
            expected_birth_date="20/08/2024",
            nhs_number=VALID_NHS,
        )
        .event("C-1", "01/06/2024", "referral", "C1")
    )
    people = _load(service, tmp_path, social_care, _gp())
    unborn = _person(people, "NORTHSHIRE CHILDREN'S SOCIAL CARE", "C1")
    assert unborn != _person(people, GP, "G1")
    assert any("unborn" in c.explanation for c in people.resolution.candidates)


def test_the_same_nhs_number_with_another_date_of_birth_goes_to_review(
    service: ChronologyService, tmp_path: Path
) -> None:
    hospital = (
        ExtractBuilder(organisation="CALLOWBRIDGE HOSPITAL", agency="hospital")
        .person("H1", "Finn", "Doyle", nhs_number=VALID_NHS, date_of_birth="14/08/2023")
        .event("H-1", "01/10/2024", "ed_attendance", "H1")
    )
    people = _load(service, tmp_path, hospital, _gp())
    assert _person(people, "CALLOWBRIDGE HOSPITAL", "H1") != _person(people, GP, "G1")
    assert any(
        "same NHS number, but dates of birth differ" in c.explanation
        for c in people.resolution.candidates
    )


def test_parental_responsibility_unrecorded_and_conflicting(
    service: ChronologyService, tmp_path: Path
) -> None:
    from views.people_output import people_documents

    school = (
        ExtractBuilder(organisation="HOLLYBANK PRIMARY", agency="school")
        .person("S1", "Dean", "Doyle", date_of_birth="19/06/1995", sex="male")
        .person("S2", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male")
        .relationship("S1", "father", "S2", parental_responsibility="yes")
        .event("S-1", "01/10/2024", "other", "S2")
    )
    police = _police()
    documents = people_documents(_load(service, tmp_path, police))
    finn = next(d for d in documents if d["name"] == "Finn Doyle")
    assert [
        (r["relationship"], r["parental_responsibility"])
        for r in finn["relationships"]
        if r["relationship"] == "father"
    ] == [("father", "unrecorded")]
    police.relationships[0]["parental_responsibility"] = "no"
    service.import_file(police.write_csv_folder(tmp_path / "police-v2"), CASE, "test")
    service.import_file(school.write_csv_folder(tmp_path / "school"), CASE, "test")
    documents = people_documents(service.people(CASE))
    finn = next(d for d in documents if d["name"] == "Finn Doyle")
    father = next(r for r in finn["relationships"] if r["relationship"] == "father")
    assert father["parental_responsibility"] == "conflicting"
    assert sorted(father["recorded_by"]) == ["HOLLYBANK PRIMARY", "NORTHSHIRE POLICE"]


def test_the_timeline_shows_people_and_a_person_filter_covers_every_agency(
    service: ChronologyService, tmp_path: Path
) -> None:
    from chronology.projections.timeline_query import TimelineQuery

    people = _load(service, tmp_path, _police(), _health_visiting(), _gp())
    finn = _person(people, GP, "G1")
    entries = service.timeline(CASE, TimelineQuery(people=(UUID(finn),)))
    assert [e["source"]["record_ref"] for e in entries] == ["NP-1", "HV-10", "G-1"]
    baby = next(s for s in entries[1]["subjects"] if s["id"] == finn)
    assert (baby["name"], baby["recorded_as"]) == ("Finn Doyle", "Baby Walsh")
