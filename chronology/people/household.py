"""Who lived with a child on a given date, read from the dated lives-with statements.

Two people live together on a date when an organisation recorded `lives_with_child` yes on a
relationship between them for a period covering that date (from inclusive, to exclusive), when
one is recorded as a household member of the other for such a period, or when one is an unborn
child and the other their mother. The household is everyone connected to the child through
such pairs: the child's mother, her partner living with her, and the child's brothers and sisters
living with her are all in it, even where only one organisation linked each pair.

When statements covering the date disagree, the one whose period began latest wins ("lives with
Finn: no, from 1 March" ends an open-ended "yes"); statements that began on the same day count
the person in, since leaving out someone who lives there is the costlier mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx

from chronology.people.models import RelationshipFact
from chronology.vocabulary import RelationshipType


def household_on(graph: nx.MultiDiGraph[str], child_id: str, on: date) -> set[str]:
    """The child and everyone living with them on `on`."""
    together: nx.Graph[str] = nx.Graph()
    together.add_node(child_id)
    for source, target, data in graph.edges(data=True):
        if source != target and lived_together_on(graph, source, target, data, on):
            together.add_edge(source, target)
    return set(nx.node_connected_component(together, child_id))


def lived_together_on(
    graph: nx.MultiDiGraph[str], source: str, target: str, edge: Mapping[str, Any], on: date
) -> bool:
    if edge["relationship"] == RelationshipType.MOTHER and graph.nodes[target]["unborn"]:
        return True
    answer = lives_with_on(edge["facts"], on)
    if edge["relationship"] == RelationshipType.HOUSEHOLD_MEMBER:
        return answer is not False and any(_covers(fact, on) for fact in edge["facts"])
    return answer is True


def lives_with_on(facts: tuple[RelationshipFact, ...], on: date) -> bool | None:
    """What the latest-begun yes/no statement covering `on` says; None if none covers it."""
    covering = [
        fact for fact in facts if fact.lives_with_child in ("yes", "no") and _covers(fact, on)
    ]
    if not covering:
        return None
    latest = max(_start(fact) for fact in covering)
    return any(fact.lives_with_child == "yes" for fact in covering if _start(fact) == latest)


def _covers(fact: RelationshipFact, on: date) -> bool:
    began = fact.from_date is None or fact.from_date <= on
    return began and (fact.to_date is None or on < fact.to_date)


def _start(fact: RelationshipFact) -> date:
    return fact.from_date or date.min
