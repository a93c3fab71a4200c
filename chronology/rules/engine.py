"""Running every registered rule over a case, as at a date, most severe flags first.

The work every rule shares (the family network, who lived with whom, the entries about each
person, the knowledge projection) is done once, in `prepare`, and handed to each rule in its
context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from chronology.bulk import collector_paused
from chronology.knowledge import Household, Knowledge, build_knowledge
from chronology.people.graph import build_graph
from chronology.people.models import Person, RelationshipFact
from chronology.people.models import as_at as person_as_at
from chronology.rules.base import CaseIndex, Rule, RuleContext
from chronology.rules.flag import Flag
from chronology.rules.registry import registered

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class PreparedCase:
    """One case as at a date, with everything the rules share worked out."""

    case_ref: str
    as_at: date
    timeline: pd.DataFrame
    people: dict[str, Person]
    graph: nx.MultiDiGraph[str]
    knowledge: Knowledge
    index: CaseIndex

    def context(self, settings: dict[str, Any]) -> RuleContext:
        """The context one rule reads, with that rule's own settings."""
        return RuleContext(
            self.case_ref,
            self.as_at,
            self.timeline,
            self.people,
            settings,
            self.graph,
            self.knowledge,
            shared=self.index,
        )


def evaluate(
    case_ref: str,
    as_at: date,
    timeline: pd.DataFrame,
    people: list[Person],
    settings: dict[str, Any],
    relationships: list[RelationshipFact] | None = None,
) -> list[Flag]:
    """All flags for the case from what had been recorded by `as_at` (with the cyclic garbage
    collector paused: a big case makes thousands of short-lived objects and no cycles)."""
    with collector_paused():
        case = prepare(case_ref, as_at, timeline, people, relationships)
        flags: list[Flag] = []
        for rule_id, rule in sorted(registered().items()):
            flags.extend(run(rule, case, settings.get(rule_id, {})))
    return sorted(flags, key=lambda flag: (SEVERITY_ORDER[flag.severity], flag.rule, flag.id))


def prepare(
    case_ref: str,
    as_at: date,
    timeline: pd.DataFrame,
    people: list[Person],
    relationships: list[RelationshipFact] | None = None,
) -> PreparedCase:
    """The family network, the shared lookups and the knowledge projection, once per case;
    the people as they were on `as_at` (a child then is a child to the rules, though grown up
    now)."""
    people = [person_as_at(person, as_at) for person in people]
    graph = build_graph(people, relationships or [])
    index = CaseIndex(timeline, graph)
    knowledge = build_knowledge(timeline, as_at, _household_of(graph, index))
    by_id = {person.id: person for person in people}
    return PreparedCase(case_ref, as_at, timeline, by_id, graph, knowledge, index)


def run(rule: type[Rule], case: PreparedCase, settings: dict[str, Any]) -> list[Flag]:
    """One rule's flags over a prepared case."""
    return rule().evaluate(case.context(settings))


def _household_of(graph: nx.MultiDiGraph[str], index: CaseIndex) -> Household:
    """`knowledge.household_of(graph)`, answered from the shared household index."""

    def household(person: str, day: date) -> set[str]:
        return index.household(person, day) if person in graph else set()

    return household
