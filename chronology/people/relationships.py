"""A person's relationships as the `people --json` items of CONTRACT.md.

Each item reads "`to` is this person's <relationship>": Finn's items include
`{"relationship": "father", "to": <Dean's id>}` and Dean's include
`{"relationship": "child", "to": <Finn's id>}`. The elder's side of a directed relationship uses
the names in `kinds.INVERSE` (child, step_child, child_of_partner, grandchild, niece_or_nephew,
foster_child, ...); same-generation relationships (partner, sibling...) read the same from both
sides. After the contract keys come `lives_with_child`, `from`, `until` (the contract already uses
`to` for the other person) and `derived` (a sibling found through shared parents).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

import networkx as nx

from chronology.people.kinds import INVERSE, order_of

RelationshipItem = TypedDict(
    "RelationshipItem",
    {
        "relationship": str,
        "to": str,
        "parental_responsibility": str,
        "pr_basis": str | None,
        "recorded_by": list[str],
        "lives_with_child": str | None,
        "from": str | None,
        "until": str | None,
        "derived": bool,
    },
)


def relationships_for_person(graph: nx.MultiDiGraph[str], person_id: str) -> list[RelationshipItem]:
    as_elder = [
        _item(INVERSE[kind] if data["directed"] else kind, other, data)
        for _, other, kind, data in graph.out_edges(person_id, keys=True, data=True)
    ]
    as_younger = [
        _item(kind, other, data)
        for other, _, kind, data in graph.in_edges(person_id, keys=True, data=True)
        if other != person_id
    ]
    items = as_elder + as_younger
    return sorted(items, key=lambda item: (order_of(item["relationship"]), item["to"]))


def _item(relationship: str, other: str, edge: Mapping[str, Any]) -> RelationshipItem:
    return {
        "relationship": relationship,
        "to": other,
        "parental_responsibility": edge["parental_responsibility"],
        "pr_basis": edge["pr_basis"],
        "recorded_by": list(edge["recorded_by"]),
        "lives_with_child": edge["lives_with_child"],
        "from": _iso(edge["from_date"]),
        "until": _iso(edge["to_date"]),
        "derived": edge["derived"],
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
