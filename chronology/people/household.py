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

`Households` answers the same question for many dates over one graph (the rules ask it for
every entry): households only change on the days a statement begins or ends, so it works out
who lives together once per period between such days and looks the date's period up.
`household_on` keeps one per graph (`households_of`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

import networkx as nx

from chronology.people.models import RelationshipFact
from chronology.vocabulary import RelationshipType


def household_on(graph: nx.MultiDiGraph[str], child_id: str, on: date) -> set[str]:
    """The child and everyone living with them on `on`."""
    return households_of(graph).on(child_id, on)


def households_of(graph: nx.MultiDiGraph[str]) -> Households:
    """The graph's `Households`, kept for as long as the graph lives and made again whenever
    its relationships change (callers ask about many dates of one graph)."""
    statements = _statements(graph)
    known = _KNOWN.get(graph)
    if known is None or known[0] != statements:
        known = _KNOWN[graph] = (statements, Households(graph))
    return known[1]


def _statements(graph: nx.MultiDiGraph[str]) -> tuple[Any, ...]:
    """Everything households are worked out from: each relationship's kind and statements,
    and whether the person it points to is unborn."""
    nodes = graph.nodes
    return tuple(
        (source, target, data["relationship"], data["facts"], nodes[target].get("unborn"))
        for source, target, data in graph.edges(data=True)
    )


class Households:
    """Who lives with whom on any date, for one graph as it is when this is made.

    The statements' first and last days split time into periods within which every pair
    either lives together throughout or not at all; each period's households are worked out
    the first time a date in it is asked about, and kept. (Holds the graph's edges, never the
    graph itself, so `households_of` can keep one per graph without keeping graphs alive.)
    """

    def __init__(self, graph: nx.MultiDiGraph[str]) -> None:
        self._edges = [
            (source, target, data, _mother_of_unborn(graph, target, data))
            for source, target, data in graph.edges(data=True)
            if source != target
        ]
        self._changes = sorted(
            {
                day
                for _, _, data, _ in self._edges
                for fact in data["facts"]
                for day in (fact.from_date, fact.to_date)
                if day is not None
            }
        )
        self._periods: dict[int, dict[str, frozenset[str]]] = {}

    def on(self, child_id: str, on: date) -> set[str]:
        """The child and everyone living with them on `on` (a new set each time)."""
        period = bisect_right(self._changes, on)
        households = self._periods.get(period)
        if households is None:
            households = self._periods[period] = self._households(on)
        return set(households.get(child_id, (child_id,)))

    def _households(self, on: date) -> dict[str, frozenset[str]]:
        """Each person living with someone on `on` -> everyone in their household."""
        together: nx.Graph[str] = nx.Graph()
        for source, target, data, unborn in self._edges:
            if _together(data, unborn, on):
                together.add_edge(source, target)
        households: dict[str, frozenset[str]] = {}
        for component in nx.connected_components(together):
            members = frozenset(component)
            households.update(dict.fromkeys(members, members))
        return households


_KNOWN: WeakKeyDictionary[nx.MultiDiGraph[str], tuple[tuple[Any, ...], Households]] = (
    WeakKeyDictionary()
)


def lived_together_on(
    graph: nx.MultiDiGraph[str], source: str, target: str, edge: Mapping[str, Any], on: date
) -> bool:
    return _together(edge, _mother_of_unborn(graph, target, edge), on)


def _mother_of_unborn(graph: nx.MultiDiGraph[str], target: str, edge: Mapping[str, Any]) -> bool:
    return bool(edge["relationship"] == RelationshipType.MOTHER and graph.nodes[target]["unborn"])


def _together(edge: Mapping[str, Any], mother_of_unborn: bool, on: date) -> bool:
    if mother_of_unborn:
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
