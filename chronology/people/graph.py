"""The relationship graph projection: one node per person, one merged edge per relationship.

`build_graph` returns a `networkx.MultiDiGraph`. Nodes are person ids; edges are keyed by the
relationship type, so there is one edge per (person, relationship, related person) whatever
the number of organisations that recorded it. Each edge keeps every organisation's statement
(`facts`, `pr_statements`), FollowTheMoney style, beside the merged values.

Direction. Types that describe an elder (mother, father, step-parent, partner of a parent,
grandparent, aunt or uncle, carer, guardian) point from the elder to the younger person, as the
extract reads: "Kerry is the mother of Finn" is the edge Kerry -> Finn. A statement made the
wrong way round (a child or unborn child stated as the mother of an adult) is turned round and
the edge marked `reoriented`. The other types (partner, ex-partner, sibling, friend...) read
the same either way: "Kerry partner Dean" and "Dean partner Kerry" are one edge, stored from
the smaller person id to the larger, with `directed` False.

Merging. Parental responsibility is `yes`, `no` or `unknown` as recorded; `unrecorded` when no
organisation gave an answer; `conflicting` when one said yes and another no (`unknown` and
blank never conflict). `lives_with_child` is `yes` if anyone ever recorded it, else `no`,
else `unknown`, else None; `household_on` reads the dated statements instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from chronology.people.household import household_on
from chronology.people.kinds import DIRECTED
from chronology.people.models import Person, RelationshipFact
from chronology.people.parental import ParentalLink, parental_links
from chronology.people.relationships import relationships_for_person
from chronology.people.siblings import add_derived_siblings

UNRECORDED = "unrecorded"
CONFLICTING = "conflicting"


def build_graph(people: list[Person], facts: list[RelationshipFact]) -> nx.MultiDiGraph[str]:
    """The relationship graph of a case: people, merged relationships and derived siblings."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for person in sorted(people, key=lambda person: person.id):
        graph.add_node(person.id, **person_attributes(person))
    stated: dict[tuple[str, str, str], list[tuple[RelationshipFact, bool]]] = {}
    for fact in facts:
        source, target, reoriented = _oriented(graph, fact)
        stated.setdefault((source, target, str(fact.relationship)), []).append((fact, reoriented))
    for (source, target, kind), statements in sorted(stated.items()):
        graph.add_edge(source, target, key=kind, **merged_edge(kind, statements))
    add_derived_siblings(graph)
    return graph


def person_attributes(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "is_child": person.is_child,
        "unborn": person.date_of_birth is None and person.expected_birth_date is not None,
        "dob": person.date_of_birth,
        "expected_birth_date": person.expected_birth_date,
        "sex": person.sex,
        "known_to": person.known_to,
        "organisations": person.organisations,
    }


def merged_edge(kind: str, statements: list[tuple[RelationshipFact, bool]]) -> dict[str, Any]:
    """Every organisation's statements of one relationship, merged into edge attributes."""
    facts = tuple(fact for fact, _ in statements)
    bases = tuple(sorted({str(fact.pr_basis) for fact in facts if fact.pr_basis}))
    return {
        "relationship": kind,
        "directed": kind in DIRECTED,
        "parental_responsibility": merge_answers(f.parental_responsibility for f in facts)
        or UNRECORDED,
        "pr_statements": tuple(
            sorted(
                {
                    (f.organisation, str(f.parental_responsibility))
                    for f in facts
                    if f.parental_responsibility
                }
            )
        ),
        "pr_bases": bases,
        "pr_basis": "; ".join(bases) or None,
        "lives_with_child": _ever_lived_with(fact.lives_with_child for fact in facts),
        "from_date": min((f.from_date for f in facts if f.from_date), default=None),
        "to_date": _until(facts),
        "recorded_by": tuple(sorted({fact.organisation for fact in facts})),
        "agencies": tuple(sorted({str(fact.agency) for fact in facts})),
        "derived": False,
        "reoriented": any(reoriented for _, reoriented in statements),
        "facts": facts,
    }


def merge_answers(answers: Iterable[str | None]) -> str | None:
    """yes/no/unknown from several organisations: a yes and a no conflict; None if none given."""
    given = {str(answer) for answer in answers if answer}
    if {"yes", "no"} <= given:
        return CONFLICTING
    return next((answer for answer in ("yes", "no", "unknown") if answer in given), None)


def _ever_lived_with(answers: Iterable[str | None]) -> str | None:
    given = {str(answer) for answer in answers if answer}
    return next((answer for answer in ("yes", "no", "unknown") if answer in given), None)


def _until(facts: tuple[RelationshipFact, ...]) -> date | None:
    """The latest end date, or None while any organisation records the relationship as open."""
    ends = [fact.to_date for fact in facts]
    return None if None in ends else max(end for end in ends if end is not None)


def _oriented(graph: nx.MultiDiGraph[str], fact: RelationshipFact) -> tuple[str, str, bool]:
    source, target = fact.person_id, fact.related_person_id
    for person_id in (source, target):
        if person_id not in graph:
            raise ValueError(f"relationship fact names an unknown person: {person_id}")
    if fact.relationship not in DIRECTED:
        low, high = sorted((source, target))
        return low, high, False
    if _younger(graph.nodes[source], graph.nodes[target]):
        return target, source, True
    return source, target, False


def _younger(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether `first` is certainly of a younger generation than `second`."""
    unborn_first = first["unborn"] and not second["unborn"]
    return bool(unborn_first or (first["is_child"] and not second["is_child"]))


__all__ = [
    "CONFLICTING",
    "UNRECORDED",
    "ParentalLink",
    "build_graph",
    "household_on",
    "merge_answers",
    "parental_links",
    "relationships_for_person",
]
