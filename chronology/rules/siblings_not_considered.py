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

import numpy as np
import pandas as pd

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
        incidents = np.flatnonzero(
            (frame["event_type"].isin(incident_types) | neglect)
            & ~frame["event_type"].isin(follow_types)
        )
        follow_ups = _FollowUps(frame, follow_types)
        for position in incidents.tolist():
            flags.extend(self._incident(context, follow_ups, position, days))
        return flags

    def _incident(
        self, context: RuleContext, follow_ups: _FollowUps, position: int, days: int
    ) -> list[Flag]:
        column = context.index.column
        day: pd.Timestamp = column("occurred_from")[position]
        children = self._household_children(context, list(column("subjects")[position]), day)
        if len(children) < 2:
            return []
        follow = follow_ups.naming(children, day, day + timedelta(days=days))
        if not follow:
            return []
        named = children & {person for at in follow for person in follow_ups.subjects[at]}
        left_out = sorted(children - named, key=lambda person: context.people[person].name)
        if not left_out:
            return []
        types, organisations, days_of = (
            column(name) for name in ("event_type", "organisation", "occurred_from")
        )
        kind = str(types[position]).replace("_", " ")
        named_names = _names(context, named)
        follow_text = "; ".join(
            f"{str(types[at]).replace('_', ' ')} by {organisations[at]} on {uk(days_of[at])}"
            for at in follow
        )
        last = max(days_of[at] for at in follow)
        flags = []
        for person in left_out:
            child = context.people[person]
            text = (
                f"{kind.capitalize()} recorded by {organisations[position]} on {uk(day)} in a"
                f" household of {len(children)} children ({_names(context, children)})."
                f" The follow-up within {days} days ({follow_text}) names {named_names} but not"
                f" {child.name}."
            )
            flags.append(
                self.flag_at(
                    context,
                    child,
                    [position, *follow],
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
                household |= context.household(subject, day.date())
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


class _FollowUps:
    """The timeline's follow-up entries (referrals, assessments...), found by date."""

    def __init__(self, frame: pd.DataFrame, follow_types: tuple[str, ...]) -> None:
        self.rows = np.flatnonzero(frame["event_type"].isin(follow_types).to_numpy())
        self.days = frame["occurred_from"].to_numpy()[self.rows]
        column = frame["subjects"].tolist()
        self.subjects = {at: set(column[at]) for at in self.rows.tolist()}

    def naming(self, children: set[str], first: pd.Timestamp, last: pd.Timestamp) -> list[int]:
        """The positions of follow-ups from `first` to `last` naming any of `children`."""
        within = (self.days >= first.to_datetime64()) & (self.days <= last.to_datetime64())
        return [at for at in self.rows[within].tolist() if children & self.subjects[at]]


def _names(context: RuleContext, people: set[str]) -> str:
    names = sorted(context.people[person].name for person in people)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
