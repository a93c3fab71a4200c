"""What every rule is: metadata as class constants, and a pure function over the case's data.

A rule reads a `RuleContext` (the timeline as a DataFrame, as at a date; the case's people;
its own parameters) and returns flags. It never writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import networkx as nx
import pandas as pd

from chronology.knowledge import Knowledge
from chronology.people.models import Person
from chronology.rules.flag import Evidence, Flag, Window, flag_id

HEALTH_AGENCIES = frozenset(
    {"gp", "health_visiting", "midwifery", "hospital", "camhs", "ambulance"}
)


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may read, as at one date."""

    case_ref: str
    as_at: date
    timeline: pd.DataFrame
    people: dict[str, Person]
    settings: dict[str, Any]
    graph: nx.MultiDiGraph[str] | None = None  # the family network (chronology.people.graph)
    knowledge: Knowledge | None = None  # who knew of each entry, and from when

    def children(self) -> list[Person]:
        return [person for person in self.people.values() if person.is_child]

    def about(self, person_id: str) -> pd.DataFrame:
        """The entries with this person among their subjects, in timeline order."""
        frame = self.timeline
        if frame.empty:
            return frame
        return frame[frame["subjects"].map(lambda subjects: person_id in subjects)]

    def age_in_days(self, person: Person, on: date) -> int | None:
        return (on - person.date_of_birth).days if person.date_of_birth else None


class Rule:
    """A rule from RULES.md: subclasses set the constants and implement `evaluate`."""

    id: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    version: ClassVar[int]
    severity: ClassVar[str]
    learning: ClassVar[str]

    def evaluate(self, context: RuleContext) -> list[Flag]:
        raise NotImplementedError

    def flag(
        self,
        context: RuleContext,
        child: Person,
        rows: pd.DataFrame,
        explanation: str,
        *,
        severity: str | None = None,
        window: Window | None = None,
        title: str | None = None,
    ) -> Flag:
        evidence = tuple(
            Evidence(
                organisation=row.organisation,
                record_ref=row.record_ref,
                occurred=row.occurred,
                event_type=row.event_type,
            )
            for row in rows.itertuples()
        )
        return Flag(
            id=flag_id(self.id, child.id, evidence),
            rule=self.id,
            rule_version=self.version,
            severity=severity or self.severity,
            title=title or self.title,
            explanation=explanation,
            children=(child.id,),
            agencies=tuple(sorted(set(rows["agency"]))),
            evidence=evidence,
            window=window,
            learning=self.learning,
        )


def uk(day: date | pd.Timestamp) -> str:
    return f"{day:%d/%m/%Y}"
