"""Running every registered rule over a case, as at a date, most severe flags first."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from chronology.knowledge import build_knowledge, household_of
from chronology.people.graph import build_graph
from chronology.people.models import Person, RelationshipFact
from chronology.rules.base import RuleContext
from chronology.rules.flag import Flag
from chronology.rules.registry import registered

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def evaluate(
    case_ref: str,
    as_at: date,
    timeline: pd.DataFrame,
    people: list[Person],
    settings: dict[str, Any],
    relationships: list[RelationshipFact] | None = None,
) -> list[Flag]:
    """All flags for the case from what had been recorded by `as_at`."""
    by_id = {person.id: person for person in people}
    graph = build_graph(people, relationships or [])
    knowledge = build_knowledge(timeline, as_at, household_of(graph))
    flags: list[Flag] = []
    for rule_id, rule in sorted(registered().items()):
        context = RuleContext(
            case_ref, as_at, timeline, by_id, settings.get(rule_id, {}), graph, knowledge
        )
        flags.extend(rule().evaluate(context))
    return sorted(flags, key=lambda flag: (SEVERITY_ORDER[flag.severity], flag.rule, flag.id))
