"""Anonymising a chronology: Chronolator's labels for the Marsh family, and every form of
their names, identifiers and dates of birth replaced in free text (all fictional)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from chronology.people.assemble import CasePeople
from chronology.people.models import MentionRef, Person, RelationshipFact
from chronology.people.resolve import Resolution
from chronology.vocabulary import Agency, RelationshipType
from views.exports.anonymise import (
    UNKNOWN_NAME,
    Anonymiser,
    PersonNames,
    apply,
    default_glossary,
    person_names,
)

POPPY, ALFIE, JADE, RYAN = "p-poppy", "p-alfie", "p-jade", "p-ryan"
SANDRA, CRAIG, WILL, NOBODY = "p-sandra", "p-craig", "p-will", "p-nobody"


def _person(key: str, name: str, born: date | None, child: bool, sex: str | None = None) -> Person:
    mention = MentionRef(
        mention_id=key,
        organisation="NORTHSHIRE HEALTH VISITING",
        agency=Agency.HEALTH_VISITING,
        person_ref=key,
        name=name,
    )
    return Person(
        id=key, name=name, date_of_birth=born, sex=sex, is_child=child, mentions=(mention,)
    )


def _fact(person: str, kind: str, related: str) -> RelationshipFact:
    return RelationshipFact(
        person_id=person,
        relationship=RelationshipType(kind),
        related_person_id=related,
        organisation="NORTHSHIRE HEALTH VISITING",
        agency=Agency.HEALTH_VISITING,
    )


def _case(people: list[Person], facts: list[RelationshipFact]) -> CasePeople:
    return CasePeople(people, facts, Resolution(clusters=[[p.id] for p in people]), {})


def _marsh_family() -> CasePeople:
    """Poppy (2023) and Alfie (2019), their mother Jade, her partner Ryan, her mother Sandra,
    and Craig, whom no agency related to anyone."""
    people = [
        _person(POPPY, "Poppy Marsh", date(2023, 11, 2), True, "female"),
        _person(ALFIE, "Alfie Marsh", date(2019, 6, 9), True, "male"),
        _person(JADE, "Jade Marsh", date(1998, 4, 12), False, "female"),
        _person(RYAN, "Ryan Cole", date(1994, 1, 30), False, "male"),
        _person(SANDRA, "Sandra Marsh", date(1972, 8, 17), False, "female"),
        _person(CRAIG, "Craig Tate", None, False, "male"),
    ]
    facts = [
        _fact(JADE, "mother", POPPY),
        _fact(JADE, "mother", ALFIE),
        _fact(RYAN, "partner_of_parent", POPPY),
        _fact(JADE, "partner", RYAN),
        _fact(SANDRA, "grandparent", POPPY),
        _fact(SANDRA, "mother", JADE),
    ]
    return _case(people, facts)


def _names(glossary: dict[str, str] | None = None) -> Anonymiser:
    people = [
        PersonNames(person_id=POPPY, names=("Poppy Marsh", "Poppy", "Marsh", "Pops")),
        PersonNames(
            person_id=JADE,
            names=("Jade Marsh", "Jade", "Marsh", "Jade Walsh", "Walsh"),
            family_names=("Marsh", "Walsh"),
            dates_of_birth=(date(1998, 4, 12),),
            identifiers=(("943 476 5919", "[NHS number]"),),
        ),
        PersonNames(person_id=RYAN, names=("Ryan Cole", "Ryan", "Cole"), family_names=("Cole",)),
        PersonNames(person_id=WILL, names=("Will",), known_by=1),
    ]
    labels = {POPPY: "Child A", JADE: "Mother", RYAN: "Mother's partner", WILL: "Adult 1"}
    return Anonymiser(labels | (glossary or {}), people)


def test_children_are_lettered_in_order_of_birth() -> None:
    glossary = default_glossary(_marsh_family())
    assert (glossary[ALFIE], glossary[POPPY]) == ("Child A", "Child B")


def test_an_unborn_child_comes_after_those_born_before_the_due_date() -> None:
    unborn = _person("p-unborn", "Baby Marsh", None, True).model_copy(
        update={"expected_birth_date": date(2024, 8, 21)}
    )
    family = _case([*_marsh_family().people, unborn], _marsh_family().relationships)
    assert default_glossary(family)["p-unborn"] == "Child C"


def test_the_twenty_seventh_child_is_child_aa() -> None:
    children = [_person(f"p-{n:02d}", f"Kid {n}", date(2000 + n, 1, 1), True) for n in range(27)]
    assert default_glossary(_case(children, []))["p-26"] == "Child AA"


def test_adults_are_named_by_their_relationship_to_the_children() -> None:
    glossary = default_glossary(_marsh_family())
    assert glossary[JADE] == "Mother"
    assert glossary[RYAN] == "Mother's partner"
    assert glossary[SANDRA] == "Maternal grandmother"


def test_an_adult_no_agency_related_to_the_family_is_adult_1() -> None:
    assert default_glossary(_marsh_family())[CRAIG] == "Adult 1"


def test_a_mothers_ex_partner_is_named_through_the_mother() -> None:
    family = _marsh_family()
    facts = [*family.relationships, _fact(CRAIG, "ex_partner", JADE)]
    assert default_glossary(_case(family.people, facts))[CRAIG] == "Mother's ex-partner"


def test_a_label_two_adults_would_share_is_numbered() -> None:
    family = _marsh_family()
    facts = [*family.relationships, _fact(CRAIG, "father", POPPY), _fact(RYAN, "father", ALFIE)]
    glossary = default_glossary(_case(family.people, facts))
    assert {glossary[RYAN], glossary[CRAIG]} == {"Father 1", "Father 2"}


def test_a_grandfather_whose_side_is_not_recorded_is_a_grandfather() -> None:
    family = _marsh_family()
    facts = [*family.relationships, _fact(CRAIG, "grandparent", POPPY)]
    assert default_glossary(_case(family.people, facts))[CRAIG] == "Grandfather"


def test_every_form_of_a_name_becomes_the_label() -> None:
    text = "Jade Marsh and JADE said Ryan Cole had left; Cole's car was outside."
    assert _names().text(text) == (
        "Mother and Mother said Mother's partner had left; Mother's partner's car was outside."
    )


def test_the_longest_name_is_replaced_first() -> None:
    assert _names().text("Seen: Poppy Marsh.") == "Seen: Child A."


def test_a_known_as_name_becomes_the_label() -> None:
    assert _names().text("Pops was asleep; Jade Walsh was at work") == (
        "Child A was asleep; Mother was at work"
    )


def test_names_are_replaced_only_as_whole_words() -> None:
    assert _names().text("Ryanair flight; the Marshfield clinic") == (
        "Ryanair flight; the Marshfield clinic"
    )


def test_a_family_name_two_people_share_becomes_a_placeholder() -> None:
    assert _names().text("Ms Marsh attended") == f"Ms {UNKNOWN_NAME} attended"


def test_a_name_that_is_a_common_word_is_replaced_only_when_capitalised() -> None:
    assert _names().text("Will said he will call") == "Adult 1 said he will call"


def test_nhs_numbers_are_hidden_however_they_are_spaced() -> None:
    text = "NHS 943 476 5919, also written 9434765919 and 943-476-5919"
    assert _names().text(text) == "NHS [NHS number], also written [NHS number] and [NHS number]"


def test_a_date_of_birth_is_hidden_however_it_is_written() -> None:
    text = "born 12/04/1998; 12.4.98; 1998-04-12; 12th April 1998; April 12, 1998"
    assert "1998" not in _names().text(text)
    assert _names().text("on 12 April 1998") == "on [date of birth]"


def test_any_labelled_date_of_birth_is_hidden() -> None:
    assert _names().text("Lodger (DOB: 03/07/1980) present") == (
        "Lodger (DOB: [date of birth]) present"
    )


def test_upns_and_postcodes_are_hidden() -> None:
    text = "UPN A123456789012 at NS4 7QP"
    assert _names().text(text) == "UPN [UPN] at [postcode]"


def test_a_street_address_is_hidden() -> None:
    assert _names().text("Seen at 14 Calder Row today") == "Seen at [address] today"


def test_a_reviewers_label_wins_over_the_default() -> None:
    assert _names({JADE: "Parent 1"}).text("Jade phoned") == "Parent 1 phoned"


def test_a_subject_is_their_label() -> None:
    assert _names().person(RYAN, "Ryan Cole") == "Mother's partner"


def test_a_subject_without_a_label_is_anonymised_as_text() -> None:
    assert _names().person(NOBODY, "Jade Marsh") == "Mother"


def test_no_text_anonymises_to_nothing() -> None:
    assert apply(None, {}, []) == ""


def test_apply_is_one_anonymiser_at_once() -> None:
    people = [PersonNames(person_id=RYAN, names=("Ryan Cole",))]
    assert apply("Ryan Cole left", {RYAN: "Mother's partner"}, people) == ("Mother's partner left")


def test_names_come_from_every_agency_record_of_the_person() -> None:
    records = {
        JADE: {
            "given_names": "Jade Louise",
            "family_name": "Marsh",
            "known_as": ["Jade Walsh", "partner's daughter"],
            "date_of_birth": {"start": "1998-04-12", "precision": "day"},
            "nhs_number": "943 476 5919",
            "address": "Flat 3, 14 Calder Row, Callowbridge NS4 7QP",
        }
    }
    found = {one.person_id: one for one in person_names(_marsh_family(), records)}[JADE]
    assert {"Jade Louise Marsh", "Jade", "Louise", "Marsh", "Jade Walsh", "Walsh"} <= set(
        found.names
    )
    assert "partner's daughter" not in found.names
    assert found.dates_of_birth == (date(1998, 4, 12),)
    assert ("943 476 5919", "[NHS number]") in found.identifiers
    assert {"14 Calder Row", "Calder Row", "Flat 3, 14 Calder Row"} <= set(found.addresses)


@given(
    before=st.text(alphabet=" .,;:()!?'\"-\n0123", max_size=8),
    after=st.text(alphabet=" .,;:()!?'\"-\n0123", max_size=8),
)
def test_a_full_name_never_survives_whatever_surrounds_it(before: str, after: str) -> None:
    assert "Poppy" not in _names().text(f"{before}Poppy Marsh{after}")
