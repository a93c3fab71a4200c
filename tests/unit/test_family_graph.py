from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from chronology.people.graph import build_graph, household_on, parental_links
from chronology.people.models import MentionRef, Person, RelationshipFact
from chronology.people.relationships import relationships_for_person
from chronology.vocabulary import Agency

POLICE = "NORTHSHIRE POLICE"
HEALTH_VISITING = "NORTHSHIRE HEALTH VISITING"
SCHOOL = "ST AIDAN'S PRIMARY"
PROBATION = "NORTHSHIRE PROBATION"
AGENCY_OF = {
    POLICE: Agency.POLICE,
    HEALTH_VISITING: Agency.HEALTH_VISITING,
    SCHOOL: Agency.SCHOOL,
    PROBATION: Agency.PROBATION,
}
CONTRACT_KEYS = ["relationship", "to", "parental_responsibility", "pr_basis", "recorded_by"]


def a_person(
    name: str,
    *,
    born: str | None = "1990-05-14",
    due: str | None = None,
    known_to: tuple[str, ...] = (HEALTH_VISITING,),
    child: bool | None = None,
) -> Person:
    """A person with an id made from their name, known to the given organisations."""
    ident = name.lower().replace(" ", "-")
    mentions = tuple(
        MentionRef(
            mention_id=f"{ident}@{organisation}",
            organisation=organisation,
            agency=AGENCY_OF[organisation],
            person_ref=ident.upper(),
            name=name,
        )
        for organisation in known_to
    )
    is_child = child if child is not None else (due is not None or (born or "") >= "2010")
    return Person(
        id=ident,
        name=name,
        date_of_birth=date.fromisoformat(born) if born and not due else None,
        expected_birth_date=date.fromisoformat(due) if due else None,
        is_child=is_child,
        mentions=mentions,
    )


def a_fact(
    person: Person, relationship: str, related: Person, by: str = HEALTH_VISITING, **more: Any
) -> RelationshipFact:
    """`person` is the `relationship` of `related`, as `by` recorded it."""
    for key in ("from_date", "to_date"):
        if isinstance(more.get(key), str):
            more[key] = date.fromisoformat(more[key])
    return RelationshipFact(
        person_id=person.id,
        relationship=relationship,
        related_person_id=related.id,
        organisation=by,
        agency=AGENCY_OF[by],
        **more,
    )


KERRY = a_person("Kerry Walsh", born="1993-02-11", known_to=(HEALTH_VISITING, POLICE, SCHOOL))
DEAN = a_person("Dean Price", born="1991-08-30", known_to=(HEALTH_VISITING, POLICE))
FINN = a_person("Finn Price", born="2022-09-03", known_to=(HEALTH_VISITING, POLICE))
MASON = a_person("Mason Walsh", born="2017-04-21", known_to=(SCHOOL, HEALTH_VISITING))
CRAIG = a_person("Craig Hollis", born="1988-12-01", known_to=(PROBATION,))
SANDRA = a_person("Sandra Walsh", born="1968-06-17", known_to=(HEALTH_VISITING,))
LEE = a_person("Lee Price", born="1994-03-09", known_to=(POLICE,))
BABY = a_person("Baby Walsh", born=None, due="2025-02-14", known_to=(HEALTH_VISITING,))


def family_facts() -> list[RelationshipFact]:
    """Finn and Mason, mother Kerry, Finn's father Dean who left, Kerry's new partner Craig."""
    return [
        a_fact(
            KERRY,
            "mother",
            FINN,
            parental_responsibility="yes",
            pr_basis="birth_mother",
            lives_with_child="yes",
        ),
        a_fact(KERRY, "mother", FINN, by=POLICE),
        a_fact(
            KERRY,
            "mother",
            MASON,
            by=SCHOOL,
            parental_responsibility="yes",
            pr_basis="birth_mother",
            lives_with_child="yes",
        ),
        a_fact(KERRY, "mother", BABY, parental_responsibility="yes", pr_basis="birth_mother"),
        a_fact(
            DEAN,
            "father",
            FINN,
            parental_responsibility="yes",
            pr_basis="birth_registration",
            lives_with_child="yes",
            to_date="2024-03-01",
        ),
        a_fact(
            DEAN,
            "father",
            FINN,
            by=POLICE,
            parental_responsibility="no",
            lives_with_child="no",
            from_date="2024-03-01",
        ),
        a_fact(DEAN, "ex_partner", KERRY, by=POLICE),
        a_fact(
            CRAIG,
            "partner_of_parent",
            FINN,
            by=PROBATION,
            lives_with_child="yes",
            from_date="2024-06-01",
        ),
        a_fact(CRAIG, "partner", KERRY, by=PROBATION),
        a_fact(SANDRA, "grandparent", FINN),
        a_fact(LEE, "aunt_or_uncle", FINN, by=POLICE),
        a_fact(LEE, "sibling", DEAN, by=POLICE),
    ]


def the_family() -> tuple[list[Person], list[RelationshipFact]]:
    return [KERRY, DEAN, FINN, MASON, CRAIG, SANDRA, LEE, BABY], family_facts()


def edge(
    people: list[Person], facts: list[RelationshipFact], source: Person, target: Person, kind: str
) -> dict[str, Any]:
    data: dict[str, Any] = build_graph(people, facts).edges[source.id, target.id, kind]
    return data


def test_pr_is_unrecorded_when_every_agency_left_it_blank() -> None:
    facts = [
        a_fact(CRAIG, "partner_of_parent", FINN, by=PROBATION),
        a_fact(CRAIG, "partner_of_parent", FINN),
    ]

    assert (
        edge([CRAIG, FINN], facts, CRAIG, FINN, "partner_of_parent")["parental_responsibility"]
        == "unrecorded"
    )


def test_pr_conflicts_when_one_agency_says_yes_and_another_no() -> None:
    facts = [
        a_fact(DEAN, "father", FINN, parental_responsibility="yes"),
        a_fact(DEAN, "father", FINN, by=POLICE, parental_responsibility="no"),
    ]

    assert (
        edge([DEAN, FINN], facts, DEAN, FINN, "father")["parental_responsibility"] == "conflicting"
    )


def test_pr_yes_and_unknown_is_yes() -> None:
    facts = [
        a_fact(DEAN, "father", FINN, parental_responsibility="yes", pr_basis="birth_registration"),
        a_fact(DEAN, "father", FINN, by=POLICE, parental_responsibility="unknown"),
    ]

    merged = edge([DEAN, FINN], facts, DEAN, FINN, "father")

    assert (merged["parental_responsibility"], merged["pr_basis"]) == ("yes", "birth_registration")


def test_pr_unknown_alone_stays_unknown() -> None:
    facts = [a_fact(DEAN, "father", FINN, by=POLICE, parental_responsibility="unknown")]

    assert edge([DEAN, FINN], facts, DEAN, FINN, "father")["parental_responsibility"] == "unknown"


def test_recorded_by_lists_every_organisation_once() -> None:
    facts = [
        a_fact(KERRY, "mother", FINN, by=POLICE),
        a_fact(KERRY, "mother", FINN),
        a_fact(KERRY, "mother", FINN, by=POLICE, lives_with_child="yes"),
    ]

    assert edge([KERRY, FINN], facts, KERRY, FINN, "mother")["recorded_by"] == (
        HEALTH_VISITING,
        POLICE,
    )


def test_one_edge_per_relationship_whatever_the_number_of_organisations() -> None:
    facts = [a_fact(KERRY, "mother", FINN, by=organisation) for organisation in AGENCY_OF]

    assert build_graph([KERRY, FINN], facts).number_of_edges(KERRY.id, FINN.id) == 1


def test_father_and_uncle_with_the_same_surname_stay_two_people() -> None:
    facts = [a_fact(DEAN, "father", FINN), a_fact(LEE, "aunt_or_uncle", FINN, by=POLICE)]

    graph = build_graph([DEAN, LEE, FINN], facts)

    assert sorted(graph.predecessors(FINN.id)) == [DEAN.id, LEE.id]


def test_partner_statements_from_both_sides_are_one_edge() -> None:
    facts = [
        a_fact(CRAIG, "partner", KERRY, by=PROBATION),
        a_fact(KERRY, "partner", CRAIG, by=POLICE),
    ]

    graph = build_graph([KERRY, CRAIG], facts)

    assert graph.number_of_edges() == 1
    assert next(iter(graph.edges(keys=True, data="recorded_by")))[3] == (POLICE, PROBATION)


def test_a_child_stated_as_mother_of_an_adult_is_turned_round() -> None:
    facts = [a_fact(FINN, "mother", KERRY, by=POLICE)]

    merged = edge([KERRY, FINN], facts, KERRY, FINN, "mother")

    assert merged["reoriented"] is True


def test_a_fact_about_an_unknown_person_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown person"):
        build_graph([KERRY], [a_fact(KERRY, "mother", FINN)])


def test_children_sharing_mother_and_father_are_derived_siblings() -> None:
    people = [KERRY, DEAN, FINN, MASON]
    facts = [
        a_fact(parent, kind, child)
        for parent, kind in ((KERRY, "mother"), (DEAN, "father"))
        for child in (FINN, MASON)
    ]

    assert edge(people, facts, FINN, MASON, "sibling")["derived"] is True


def test_children_sharing_a_mother_with_different_fathers_are_half_siblings() -> None:
    wayne = a_person("Wayne Cole", known_to=(SCHOOL,))
    facts = [
        a_fact(KERRY, "mother", FINN),
        a_fact(KERRY, "mother", MASON),
        a_fact(DEAN, "father", FINN),
        a_fact(wayne, "father", MASON, by=SCHOOL),
    ]

    merged = edge([KERRY, DEAN, wayne, FINN, MASON], facts, FINN, MASON, "half_sibling")

    assert merged["derived_from"] == (KERRY.id,)


def test_a_shared_mother_with_a_father_unrecorded_gives_sibling_not_half() -> None:
    facts = [
        a_fact(KERRY, "mother", FINN),
        a_fact(KERRY, "mother", MASON),
        a_fact(DEAN, "father", FINN),
    ]

    graph = build_graph([KERRY, DEAN, FINN, MASON], facts)

    assert set(graph.get_edge_data(FINN.id, MASON.id)) == {"sibling"}


def test_a_recorded_sibling_is_not_doubled_by_a_derived_one() -> None:
    facts = [
        a_fact(KERRY, "mother", FINN),
        a_fact(KERRY, "mother", MASON),
        a_fact(MASON, "half_sibling", FINN, by=SCHOOL),
    ]

    graph = build_graph([KERRY, FINN, MASON], facts)

    assert [
        data["derived"]
        for *_, data in graph.edges(data=True)
        if data["relationship"] in ("sibling", "half_sibling")
    ] == [False]


def test_household_before_the_new_partner_moved_in_leaves_him_out() -> None:
    graph = build_graph(*the_family())

    assert CRAIG.id not in household_on(graph, FINN.id, date(2024, 5, 31))


def test_household_after_the_new_partner_moved_in_includes_him() -> None:
    graph = build_graph(*the_family())

    assert CRAIG.id in household_on(graph, FINN.id, date(2024, 6, 1))


def test_household_before_the_father_left_includes_him() -> None:
    graph = build_graph(*the_family())

    assert DEAN.id in household_on(graph, FINN.id, date(2024, 2, 29))


def test_household_after_the_father_left_leaves_him_out() -> None:
    graph = build_graph(*the_family())

    assert DEAN.id not in household_on(graph, FINN.id, date(2024, 3, 1))


def test_a_later_no_ends_an_open_ended_yes() -> None:
    facts = [
        a_fact(DEAN, "father", FINN, lives_with_child="yes"),
        a_fact(DEAN, "father", FINN, by=POLICE, lives_with_child="no", from_date="2024-03-01"),
    ]

    assert household_on(build_graph([DEAN, FINN], facts), FINN.id, date(2024, 4, 1)) == {FINN.id}


def test_household_takes_in_brothers_and_sisters_living_with_the_same_mother() -> None:
    graph = build_graph(*the_family())

    assert household_on(graph, MASON.id, date(2024, 11, 1)) == {
        MASON.id,
        FINN.id,
        KERRY.id,
        CRAIG.id,
        BABY.id,
    }


def test_a_household_member_is_in_the_household() -> None:
    gary = a_person("Gary Mills", known_to=(POLICE,))
    facts = [a_fact(gary, "household_member", FINN, by=POLICE, from_date="2024-01-01")]

    assert household_on(build_graph([gary, FINN], facts), FINN.id, date(2024, 2, 1)) == {
        FINN.id,
        gary.id,
    }


def test_parental_links_give_each_parent_with_their_pr() -> None:
    links = parental_links(build_graph(*the_family()), FINN.id)

    assert [(link.adult_id, link.relationship, link.parental_responsibility) for link in links] == [
        (KERRY.id, "mother", "yes"),
        (DEAN.id, "father", "conflicting"),
        (CRAIG.id, "partner_of_parent", "unrecorded"),
    ]


def test_parental_links_find_the_mothers_partner_living_with_the_child() -> None:
    facts = [
        a_fact(KERRY, "mother", FINN, parental_responsibility="yes"),
        a_fact(CRAIG, "partner", KERRY, by=PROBATION, lives_with_child="yes"),
    ]

    [_, partner] = parental_links(build_graph([KERRY, CRAIG, FINN], facts), FINN.id)

    assert (partner.adult_id, partner.parental_responsibility, partner.derived) == (
        CRAIG.id,
        "unrecorded",
        True,
    )


def test_parental_links_leave_out_a_parents_partner_recorded_as_not_living_with_the_child() -> None:
    facts = [a_fact(CRAIG, "partner_of_parent", FINN, by=PROBATION, lives_with_child="no")]

    assert parental_links(build_graph([CRAIG, FINN], facts), FINN.id) == []


def test_relationships_for_person_start_with_the_contract_keys() -> None:
    [item, *_] = relationships_for_person(build_graph(*the_family()), FINN.id)

    assert list(item)[:5] == CONTRACT_KEYS


def test_a_child_lists_their_father_and_the_father_lists_his_child() -> None:
    graph = build_graph(*the_family())

    finn_says = {
        (item["relationship"], item["to"]) for item in relationships_for_person(graph, FINN.id)
    }
    dean_says = {
        (item["relationship"], item["to"]) for item in relationships_for_person(graph, DEAN.id)
    }

    assert ("father", DEAN.id) in finn_says
    assert ("child", FINN.id) in dean_says


def test_relationship_items_are_plain_json() -> None:
    items = relationships_for_person(build_graph(*the_family()), DEAN.id)

    assert json.loads(json.dumps(items)) == items
