"""siblings-not-considered: a household incident followed up for only some of its children
(RULES.md rule 10).

An incident (domestic abuse incident, injury, or a neglect concern: any entry whose summary,
detail or attributes speak of neglect) about a child or an adult, in a household with two or
more children on that day (the family graph's `household_on`). When the follow-up within 30
days (referral, assessment, strategy discussion, section 47 enquiry: settings) names some of
the household's children but not all, each child left out is flagged. An incident with no
follow-up at all is not this rule's finding.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pandas as pd

from chronology.people.household import household_on
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

INCIDENTS = ("domestic_abuse_incident", "injury_observed")
FOLLOW_UPS = (
    "referral",
    "assessment_started",
    "strategy_discussion",
    "section47_started",
)
NEGLECT = re.compile(r"\bneglect", re.IGNORECASE)


@register
class SiblingsNotConsidered(Rule):
    id = "siblings-not-considered"
    title = "Follow-up to a household incident leaves out a brother or sister"
    description = (
        "An incident in a household with several children where the follow-up (referral,"
        " assessment, strategy discussion) names only some of them."
    )
    version = 1
    severity = "medium"
    learning = "001 Family D: siblings not considered when one child's incident was followed up"

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags: list[Flag] = []
        frame = context.timeline
        if frame.empty or context.graph is None:
            return flags
        days = int(context.settings.get("follow_up_days", 30))
        incident_types = tuple(context.settings.get("incident_types", INCIDENTS))
        follow_types = tuple(context.settings.get("follow_up_types", FOLLOW_UPS))
        text = (
            frame["summary"].fillna("").astype(str)
            + " "
            + frame["detail"].fillna("").astype(str)
            + " "
            + frame["attributes"].map(lambda value: str(value) if value else "")
        )
        neglect = text.map(lambda words: bool(NEGLECT.search(words)))
        incidents = frame[
            (frame["event_type"].isin(incident_types) | neglect)
            & ~frame["event_type"].isin(follow_types)
        ]
        for index in range(len(incidents)):
            flags.extend(self._incident(context, incidents.iloc[[index]], days, follow_types))
        return flags

    def _incident(
        self,
        context: RuleContext,
        incident: pd.DataFrame,
        days: int,
        follow_types: tuple[str, ...],
    ) -> list[Flag]:
        row = incident.iloc[0]
        day: pd.Timestamp = row["occurred_from"]
        children = self._household_children(context, list(row["subjects"]), day)
        if len(children) < 2:
            return []
        frame = context.timeline
        after = frame[
            frame["event_type"].isin(follow_types)
            & (frame["occurred_from"] >= day)
            & (frame["occurred_from"] <= day + timedelta(days=days))
        ]
        follow = after[after["subjects"].map(lambda subjects: bool(children & set(subjects)))]
        if follow.empty:
            return []
        named = children & {person for subjects in follow["subjects"] for person in subjects}
        left_out = sorted(children - named, key=lambda person: context.people[person].name)
        if not left_out:
            return []
        kind = str(row["event_type"]).replace("_", " ")
        named_names = _names(context, named)
        follow_text = "; ".join(
            f"{str(item['event_type']).replace('_', ' ')} by {item['organisation']} on"
            f" {uk(item['occurred_from'])}"
            for _, item in follow.iterrows()
        )
        rows = pd.concat([incident, follow])
        last = follow["occurred_from"].max()
        flags = []
        for person in left_out:
            child = context.people[person]
            text = (
                f"{kind.capitalize()} recorded by {row['organisation']} on {uk(day)} in a"
                f" household of {len(children)} children ({_names(context, children)})."
                f" The follow-up within {days} days ({follow_text}) names {named_names} but not"
                f" {child.name}."
            )
            flags.append(
                self.flag(
                    context,
                    child,
                    rows,
                    text,
                    window=Window(from_date=day.date(), to_date=last.date()),
                )
            )
        return flags

    def _household_children(
        self, context: RuleContext, subjects: list[str], day: pd.Timestamp
    ) -> set[str]:
        graph = context.graph
        assert graph is not None
        household: set[str] = set()
        for subject in subjects:
            if subject in graph:
                household |= household_on(graph, subject, day.date())
            else:
                household.add(subject)
        return {
            person
            for person in household
            if person in context.people
            and context.people[person].is_child
            and (born := context.people[person].date_of_birth) is not None
            and born <= day.date()
        }


def _names(context: RuleContext, people: set[str]) -> str:
    names = sorted(context.people[person].name for person in people)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
