"""From a case's projected facts to its people and the relationships between them.

A person's id is the smallest id among its mentions, so it stays the same while mentions
join it; their name, date of birth and sex are what most of their mentions say.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from chronology.dates import LONDON
from chronology.domain import ids
from chronology.people.models import MentionRef, Person, RelationshipFact, is_child_on
from chronology.people.normalise import MatchRow, fold, match_row
from chronology.people.resolve import Resolution, resolve
from chronology.vocabulary import Agency, RelationshipType

Facts = dict[str, list[tuple[str, dict[str, Any]]]]
PARENT_TYPES = {
    "mother",
    "father",
    "step_mother",
    "step_father",
    "guardian",
    "special_guardian",
    "foster_carer",
    "kinship_carer",
}


@dataclass(frozen=True)
class CasePeople:
    people: list[Person]
    relationships: list[RelationshipFact]
    resolution: Resolution
    mentions: dict[str, MentionRef]


def person_map(case_people: CasePeople) -> dict[str, list[str]]:
    """Which person each mention (hex id) is, with the person's name: what the timeline shows."""
    return {
        UUID(mention.mention_id).hex: [person.id, person.name]
        for person in case_people.people
        for mention in person.mentions
    }


def assemble(case_id: str, facts: Facts, today: date | None = None) -> CasePeople:
    today = today or _today()
    mentions = {str(UUID(fact_id)): doc for fact_id, doc in facts["mention"]}
    rows = [_row(mention_id, doc) for mention_id, doc in mentions.items()]
    resolution = resolve(rows, _decisions(facts["decision"]))
    person_of = {m: cluster[0] for cluster in resolution.clusters for m in cluster}
    relationships = _relationships(UUID(case_id), facts["relationship"], person_of)
    children = {
        fact.related_person_id for fact in relationships if fact.relationship in PARENT_TYPES
    }
    refs = {mention_id: _ref(mention_id, doc) for mention_id, doc in mentions.items()}
    people = [_person(cluster, mentions, refs, children, today) for cluster in resolution.clusters]
    return CasePeople(people, relationships, resolution, refs)


def _today() -> date:
    from datetime import datetime

    return datetime.now(LONDON).date()


def _row(mention_id: str, doc: dict[str, Any]) -> MatchRow:
    provenance = doc["provenance"]
    return match_row(mention_id, provenance["organisation"], provenance["agency"], doc["record"])


def _decisions(docs: list[tuple[str, dict[str, Any]]]) -> dict[frozenset[str], str]:
    return {
        frozenset((doc["left"], doc["right"])): doc["judgement"]
        for _, doc in docs
        if doc.get("judgement")
    }


def _ref(mention_id: str, doc: dict[str, Any]) -> MentionRef:
    record, provenance = doc["record"], doc["provenance"]
    return MentionRef(
        mention_id=mention_id,
        organisation=provenance["organisation"],
        agency=Agency(provenance["agency"]),
        person_ref=record["person_ref"],
        name=_display_name(record),
    )


def _display_name(record: dict[str, Any]) -> str:
    name = " ".join(part for part in (record.get("given_names"), record.get("family_name")) if part)
    return name or (record.get("known_as") or [record["person_ref"]])[0]


def _person(
    cluster: list[str],
    mentions: dict[str, dict[str, Any]],
    refs: dict[str, MentionRef],
    children: set[str],
    today: date,
) -> Person:
    records = [mentions[mention]["record"] for mention in cluster]
    dob = _most_common(_day(record.get("date_of_birth")) for record in records)
    expected = _most_common(_day(record.get("expected_birth_date")) for record in records)
    child = is_child_on(dob, expected, today)
    return Person(
        id=cluster[0],
        name=_best_name(records),
        date_of_birth=dob,
        expected_birth_date=expected,
        sex=_most_common(r.get("sex") for r in records if r.get("sex") in ("female", "male")),
        is_child=child if child is not None else cluster[0] in children,
        mentions=tuple(
            sorted((refs[m] for m in cluster), key=lambda ref: (ref.organisation, ref.person_ref))
        ),
    )


def _best_name(records: list[dict[str, Any]]) -> str:
    """The full name most mentions give; a real name beats "Baby of ..." or a bare surname."""
    names = Counter(_display_name(record) for record in records)
    return max(names, key=lambda name: (_is_full(name), names[name], len(name), name))


def _is_full(name: str) -> bool:
    words = fold(name).split()
    return len(words) >= 2 and words[0] not in ("baby", "unborn", "infant")


def _most_common(values: Any) -> Any:
    found = Counter(value for value in values if value)
    return max(found, key=lambda value: (found[value], str(value))) if found else None


def _day(value: Any) -> date | None:
    if not value or value.get("precision") not in ("day", "minute"):
        return None
    return date.fromisoformat(value["start"])


def _start(value: Any) -> date | None:
    """The first day a relationship date can mean (any precision)."""
    return date.fromisoformat(value["start"]) if value else None


def _relationships(
    case: UUID, docs: list[tuple[str, dict[str, Any]]], person_of: dict[str, str]
) -> list[RelationshipFact]:
    facts = []
    for _, doc in docs:
        record, provenance = doc["record"], doc["provenance"]
        organisation = provenance["organisation"]
        person = person_of.get(str(ids.mention_id(case, organisation, record["person_ref"])))
        related = person_of.get(
            str(ids.mention_id(case, organisation, record["related_person_ref"]))
        )
        if person is None or related is None:
            continue  # a row naming someone the organisation did not list in its people sheet
        facts.append(
            RelationshipFact(
                person_id=person,
                relationship=RelationshipType(record["relationship"]),
                related_person_id=related,
                parental_responsibility=record["parental_responsibility"],
                pr_basis=record["pr_basis"],
                lives_with_child=record["lives_with_child"],
                from_date=_day(record["from_date"]),
                to_date=_day(record["to_date"]),
                organisation=organisation,
                agency=Agency(provenance["agency"]),
            )
        )
    return facts
