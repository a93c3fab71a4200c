"""A case's people for the terminal: the CONTRACT.md `people --json` shape, tables, candidates."""

from __future__ import annotations

from typing import Any

import orjson
from rich.markup import escape
from rich.table import Table

from chronology.people.assemble import CasePeople
from chronology.people.graph import build_graph
from chronology.people.relationships import relationships_for_person


def people_documents(case_people: CasePeople) -> list[dict[str, Any]]:
    """One document per resolved person, the contract's keys first, then why they are one."""
    graph = build_graph(case_people.people, case_people.relationships)
    links: dict[str, list[dict[str, Any]]] = {}
    person_of = {m: c[0] for c in case_people.resolution.clusters for m in c}
    for link in case_people.resolution.links:
        links.setdefault(person_of[link.left], []).append(
            {
                "mentions": [link.left, link.right],
                "method": link.method,
                "probability": round(link.probability, 4),
                "explanation": link.explanation,
            }
        )
    return [
        {
            "id": person.id,
            "name": person.name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "is_child": person.is_child,
            "mentions": [
                {
                    "organisation": m.organisation,
                    "person_ref": m.person_ref,
                    "mention_id": m.mention_id,
                    "name": m.name,
                }
                for m in person.mentions
            ],
            "known_to": list(person.known_to),
            "relationships": [dict(item) for item in relationships_for_person(graph, person.id)],
            "expected_birth_date": (
                person.expected_birth_date.isoformat() if person.expected_birth_date else None
            ),
            "sex": person.sex,
            "links": links.get(person.id, []),
        }
        for person in case_people.people
    ]


def candidate_documents(case_people: CasePeople) -> list[dict[str, Any]]:
    """Pairs for a reviewer: who, how likely, and why, field by field."""
    mentions = case_people.mentions
    return [
        {
            "left": _mention(mentions[link.left]),
            "right": _mention(mentions[link.right]),
            "probability": round(link.probability, 4),
            "method": link.method,
            "explanation": link.explanation,
        }
        for link in case_people.resolution.candidates
    ]


def _mention(ref: Any) -> dict[str, Any]:
    return {
        "mention_id": ref.mention_id,
        "name": ref.name,
        "organisation": ref.organisation,
        "agency": str(ref.agency),
        "person_ref": ref.person_ref,
    }


def as_json(documents: list[dict[str, Any]]) -> str:
    return orjson.dumps(documents).decode()


def people_table(documents: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=escape(title), expand=True)
    for column in ("Person", "Born", "Child", "Known to", "Relationships"):
        table.add_column(column, overflow="fold")
    for person in documents:
        names = {m["name"] for m in person["mentions"]} - {person["name"]}
        also = f"\n[dim]also: {escape('; '.join(sorted(names)))}[/dim]" if names else ""
        relations = ", ".join(
            f"{r['relationship']} (PR {r['parental_responsibility']})"
            if r["relationship"] in ("mother", "father")
            else r["relationship"]
            for r in person["relationships"]
        )
        table.add_row(
            escape(person["name"]) + also,
            person["date_of_birth"] or "",
            "yes" if person["is_child"] else "",
            ", ".join(person["known_to"]),
            escape(relations),
        )
    return table


def candidates_table(documents: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=escape(title), expand=True, show_lines=True)
    for column in ("Likely", "Mention", "Mention", "Why"):
        table.add_column(column, overflow="fold")
    for pair in documents:
        table.add_row(
            f"{pair['probability']:.0%}",
            _describe(pair["left"]),
            _describe(pair["right"]),
            escape(pair["explanation"]),
        )
    return table


def _describe(mention: dict[str, Any]) -> str:
    return (
        f"{escape(mention['name'])}\n[dim]{escape(mention['organisation'])}"
        f" ({escape(mention['person_ref'])})\n{mention['mention_id']}[/dim]"
    )
