"""What every rule is: metadata as class constants, and a pure function over the case's data.

A rule reads a `RuleContext` (the timeline as a DataFrame, as at a date; the case's people;
its own parameters) and returns flags. It never writes anything. What several rules look up
(the entries about a person, who lived with a child on a date) is worked out once per
evaluation in a `CaseIndex` that every rule's context shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, ClassVar

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from chronology.knowledge import Knowledge
from chronology.people.household import Households, households_of
from chronology.people.models import Person
from chronology.rules.flag import Evidence, Flag, Window, flag_id

HEALTH_AGENCIES = frozenset(
    {"gp", "health_visiting", "midwifery", "hospital", "camhs", "ambulance"}
)
EVIDENCE_COLUMNS = ["organisation", "record_ref", "occurred", "event_type"]
Positions = npt.NDArray[np.intp]


class CaseIndex:
    """Lookups over one case's timeline and family network, shared by every rule of one
    evaluation: the rows about each person (each entry's `subjects` read once, not once per
    rule and person) and who lived with whom on a date (`Households`)."""

    def __init__(self, timeline: pd.DataFrame, graph: nx.MultiDiGraph[str] | None) -> None:
        self.timeline = timeline
        self.households: Households | None = households_of(graph) if graph is not None else None
        self._rows = _rows_by_person(timeline)
        self._about: dict[str, pd.DataFrame] = {}
        self._columns: dict[str, list[Any]] = {}
        self._evidence: dict[int, Evidence] = {}

    def rows(self, person_id: str) -> Positions:
        """Positions (for `iloc`) of the entries with this person among their subjects."""
        return self._rows.get(person_id, np.empty(0, dtype=np.intp))

    def about(self, person_id: str) -> pd.DataFrame:
        """The entries with this person among their subjects, in timeline order (shared:
        rules must not change the frame in place)."""
        if person_id not in self._about:
            self._about[person_id] = self.timeline.iloc[self.rows(person_id)]
        return self._about[person_id]

    def household(self, person_id: str, on: date) -> set[str]:
        """The person and everyone living with them on `on` (`household_on`)."""
        if self.households is None:
            raise ValueError("a household needs the family network")
        return self.households.on(person_id, on)

    def column(self, name: str) -> list[Any]:
        """One of the timeline's columns as a list, by position."""
        if name not in self._columns:
            self._columns[name] = self.timeline[name].tolist()
        return self._columns[name]

    def evidence(self, positions: Iterable[int]) -> tuple[Evidence, ...]:
        """The entries at these positions as a flag's evidence (each made once)."""
        return tuple(self._evidence_at(position) for position in positions)

    def _evidence_at(self, position: int) -> Evidence:
        if position not in self._evidence:
            fields = {name: self.column(name)[position] for name in EVIDENCE_COLUMNS}
            self._evidence[position] = Evidence(**fields)
        return self._evidence[position]


def _rows_by_person(timeline: pd.DataFrame) -> dict[str, Positions]:
    rows: dict[str, list[int]] = {}
    if timeline.empty:
        return {}
    for position, subjects in enumerate(timeline["subjects"].tolist()):
        for person_id in dict.fromkeys(subjects):
            rows.setdefault(person_id, []).append(position)
    return {person_id: np.array(found, dtype=np.intp) for person_id, found in rows.items()}


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
    shared: CaseIndex | None = None  # the engine's, built once for every rule

    @cached_property
    def index(self) -> CaseIndex:
        """The shared lookups, or this context's own when it was made without them."""
        return self.shared if self.shared is not None else CaseIndex(self.timeline, self.graph)

    def children(self) -> list[Person]:
        return [person for person in self.people.values() if person.is_child]

    def about(self, person_id: str) -> pd.DataFrame:
        """The entries with this person among their subjects, in timeline order."""
        return self.index.about(person_id)

    def household(self, person_id: str, on: date) -> set[str]:
        """The person and everyone living with them on `on`, from the family network."""
        return self.index.household(person_id, on)

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
        """A flag about the child, with `rows` (entries of the timeline) as its evidence."""
        entries = rows[EVIDENCE_COLUMNS].itertuples(index=False, name=None)
        evidence = tuple(
            Evidence(
                organisation=organisation,
                record_ref=record_ref,
                occurred=occurred,
                event_type=event_type,
            )
            for organisation, record_ref, occurred, event_type in entries
        )
        agencies = tuple(sorted(set(rows["agency"])))
        return self._assemble(child, evidence, agencies, explanation, severity, window, title)

    def flag_at(
        self,
        context: RuleContext,
        child: Person,
        positions: Sequence[int],
        explanation: str,
        *,
        severity: str | None = None,
        window: Window | None = None,
        title: str | None = None,
    ) -> Flag:
        """`flag`, with the evidence given by its positions in the timeline (no frame built:
        rules with many flags)."""
        evidence = context.index.evidence(positions)
        agency = context.index.column("agency")
        agencies = tuple(sorted({agency[position] for position in positions}))
        return self._assemble(child, evidence, agencies, explanation, severity, window, title)

    def _assemble(
        self,
        child: Person,
        evidence: tuple[Evidence, ...],
        agencies: tuple[str, ...],
        explanation: str,
        severity: str | None,
        window: Window | None,
        title: str | None,
    ) -> Flag:
        return Flag(
            id=flag_id(self.id, child.id, evidence),
            rule=self.id,
            rule_version=self.version,
            severity=severity or self.severity,
            title=title or self.title,
            explanation=explanation,
            children=(child.id,),
            agencies=agencies,
            evidence=evidence,
            window=window,
            learning=self.learning,
        )


def uk(day: date | pd.Timestamp) -> str:
    return f"{day:%d/%m/%Y}"
