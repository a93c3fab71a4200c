"""parental-risk-combination: domestic abuse, mental ill-health and substance misuse together
(RULES.md rule 2).

For each child: the entries of each of the three kinds (event types in settings) with an adult
of the child's household among their subjects, the household read as at each entry's date (the
people living with the child, and the child's parents and carers not recorded as living apart).
The flag is raised the first time all three kinds fall within `window_days` (365), whichever
agencies recorded them; high when a child under 2 (`young_child_days` 730) or an unborn child
is in the household at the end of that window.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from chronology.people.models import Person
from chronology.people.parental import parental_links
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

FACTORS: dict[str, list[str]] = {
    "domestic abuse": ["domestic_abuse_incident", "marac_referral"],
    "parental mental ill-health": ["parental_mental_health_concern"],
    "parental substance misuse": ["parental_substance_misuse_concern"],
}


@register
class ParentalRiskCombination(Rule):
    id = "parental-risk-combination"
    title = "Domestic abuse, parental mental ill-health and substance misuse together"
    description = (
        "All three parental risk factors recorded for adults in the child's household within"
        " 12 months, by any agencies."
    )
    version = 1
    severity = "medium"
    learning = "002 parental needs; 001 Family A"

    def evaluate(self, context: RuleContext) -> list[Flag]:
        if context.graph is None or context.timeline.empty:
            return []
        factors: dict[str, list[str]] = context.settings.get("factors", FACTORS)
        days = int(context.settings.get("window_days", 365))
        candidates = _Candidates(context.timeline, factors)
        flags: list[Flag] = []
        for child in context.children():
            if child.id not in context.graph:
                continue
            rows = self._factor_rows(context, context.graph, child, candidates)
            window = _first_window_with_all(rows, set(factors), days)
            if window is not None:
                day = window["occurred_from"].iloc[-1]
                flags.append(self._flag(context, child, window, day, days))
        return flags

    def _factor_rows(
        self,
        context: RuleContext,
        graph: nx.MultiDiGraph[str],
        child: Person,
        candidates: _Candidates,
    ) -> pd.DataFrame:
        """The candidate entries naming an adult of the child's household that day, with
        their factor and those adults, in date order."""
        carers = {
            link.adult_id
            for link in parental_links(graph, child.id)
            if link.lives_with_child != "no"
        }
        households: dict[date, set[str]] = {}
        kept: list[int] = []
        labels: list[str] = []
        adults: list[tuple[str, ...]] = []
        for row, day, kind, subjects in candidates.rows():
            if day not in households:
                households[day] = _household(context, child, day, carers)
            named = tuple(person for person in subjects if person in households[day])
            if named:
                kept.append(row)
                labels.append(candidates.kind_of[kind])
                adults.append(named)
        found = context.timeline.iloc[kept]
        found = found.assign(
            factor=labels, adults=pd.Series(adults, index=found.index, dtype=object)
        )
        return found.sort_values("occurred_from", kind="stable")

    def _flag(
        self,
        context: RuleContext,
        child: Person,
        window: pd.DataFrame,
        day: pd.Timestamp,
        days: int,
    ) -> Flag:
        parts = []
        people: list[str] = []
        for factor in context.settings.get("factors", FACTORS):
            rows = window[window["factor"] == factor]
            names = sorted({context.people[p].name for named in rows["adults"] for p in named})
            people.extend(p for named in rows["adults"] for p in named)
            organisations = ", ".join(sorted(set(rows["organisation"])))
            parts.append(f"{factor} ({len(rows)} by {organisations}, about {', '.join(names)})")
        young = _young_children(context, child, day.date())
        text = (
            f"{'; '.join(parts[:-1])} and {parts[-1]} were all recorded for adults in"
            f" {child.name}'s household in the {days} days to {uk(day)}."
        )
        if young:
            text += f" {', '.join(young)} in the household {'is' if len(young) == 1 else 'are'}"
            text += " under 2 or unborn."
        start = window["occurred_from"].min()
        found = self.flag(
            context,
            child,
            window,
            text,
            severity="high" if young else "medium",
            window=Window(from_date=start.date(), to_date=day.date()),
        )
        return found.model_copy(update={"people": tuple(sorted(set(people)))})


class _Candidates:
    """The timeline's entries of the factors' kinds, as columns."""

    def __init__(self, timeline: pd.DataFrame, factors: dict[str, list[str]]) -> None:
        self.kind_of = {kind: factor for factor, kinds in factors.items() for kind in kinds}
        self.positions = np.flatnonzero(timeline["event_type"].isin(self.kind_of).to_numpy())
        chosen = timeline.iloc[self.positions]
        self.days = [day.date() for day in chosen["occurred_from"]]
        self.kinds: list[Any] = chosen["event_type"].tolist()
        self.subjects: list[Any] = chosen["subjects"].tolist()

    def rows(self) -> Iterator[tuple[int, date, Any, Any]]:
        """(position in the timeline, date, event type, subjects) of each candidate."""
        return zip(self.positions.tolist(), self.days, self.kinds, self.subjects, strict=True)


def _first_window_with_all(rows: pd.DataFrame, factors: set[str], days: int) -> pd.DataFrame | None:
    """The rows (in date order) in the `days` up to the first date by which every factor
    has been recorded within that many days, or None."""
    dates = rows["occurred_from"].to_numpy()
    labels = rows["factor"].tolist()
    counts: dict[str, int] = {}
    first = 0
    for end, day in enumerate(dates):
        counts[labels[end]] = counts.get(labels[end], 0) + 1
        if end + 1 < len(dates) and dates[end + 1] == day:
            continue  # the window ends after the day's last entry
        while first <= end and dates[first] <= day - np.timedelta64(days, "D"):
            counts[labels[first]] -= 1
            first += 1
        if {label for label, count in counts.items() if count} >= factors:
            return rows.iloc[first : end + 1]
    return None


def _household(context: RuleContext, child: Person, on: date, carers: set[str]) -> set[str]:
    """The adults living with the child on the date, and parents and carers not living apart."""
    members = context.household(child.id, on) | carers
    return {
        person
        for person in members
        if person in context.people and not context.people[person].is_child
    }


def _young_children(context: RuleContext, child: Person, on: date) -> list[str]:
    limit = int(context.settings.get("young_child_days", 730))
    young = []
    for person_id in sorted(context.household(child.id, on) | {child.id}):
        person = context.people.get(person_id)
        if person is None or not person.is_child:
            continue
        age = context.age_in_days(person, on)
        unborn = person.date_of_birth is None and person.expected_birth_date is not None
        if unborn or (age is not None and age < limit):
            young.append(person.name)
    return young
