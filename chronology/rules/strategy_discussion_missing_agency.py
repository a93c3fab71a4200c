"""strategy-discussion-missing-agency: an involved agency missing from a strategy discussion
(RULES.md rule 4).

For each strategy discussion about a child (entries of the same day by several organisations
are one discussion), every organisation involved with the child (an entry with the child as a
subject in the 90 days before) must have been invited and have attended. An organisation that
recorded the discussion itself counts as attending. `invited` and `attended` hold organisation
names or agency codes; an agency code stands for an organisation only when it is the only
involved organisation of that type (two schools are two agencies). For a child under 5, health
(GP or health visiting) is always expected, involved or not.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag
from chronology.rules.registry import register

HEALTH_EXPECTED = ("gp", "health_visiting")


@register
class StrategyDiscussionMissingAgency(Rule):
    id = "strategy-discussion-missing-agency"
    title = "Involved agency not invited to, or absent from, a strategy discussion"
    description = (
        "A strategy discussion to which an agency involved with the child was not invited, or"
        " was invited and did not attend; health always expected for a child under 5."
    )
    version = 1
    severity = "medium"
    learning = (
        "000: 'the right partners were not always invited to strategy meetings', 'GP and mental"
        " health attendance poor'; 003 recommendation 9.4"
    )

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags: list[Flag] = []
        frame = context.timeline
        if frame.empty:
            return flags
        days = int(context.settings.get("involved_days", 90))
        health_years = int(context.settings.get("health_expected_under_years", 5))
        for child in context.children():
            entries = context.about(child.id)
            meetings = entries[entries["event_type"] == "strategy_discussion"]
            for day in sorted(set(meetings["occurred_from"])):
                same_day = meetings[meetings["occurred_from"] == day]
                flag = self._check(context, child, entries, same_day, day, days, health_years)
                if flag is not None:
                    flags.append(flag)
        return flags

    def _check(
        self,
        context: RuleContext,
        child: Person,
        entries: pd.DataFrame,
        meeting: pd.DataFrame,
        day: pd.Timestamp,
        days: int,
        health_years: int,
    ) -> Flag | None:
        before = entries[
            (entries["occurred_from"] >= day - timedelta(days=days))
            & (entries["occurred_from"] < day)
        ]
        involved = before.drop_duplicates(subset="organisation", keep="last")
        agency_of = dict(zip(involved["organisation"], involved["agency"], strict=True))
        recorders = set(meeting["organisation"])
        invited = _names(meeting, "invited")
        attended = _names(meeting, "attended")
        not_invited: list[str] = []
        absent: list[str] = []
        for organisation in sorted(agency_of):
            if organisation in recorders:
                continue
            if not _named(organisation, agency_of, attended):
                if _named(organisation, agency_of, invited):
                    absent.append(organisation)
                else:
                    not_invited.append(organisation)
        health_missing = self._health_missing(
            context, child, day, health_years, recorders, meeting, attended
        )
        if not (not_invited or absent or health_missing):
            return None
        parts = []
        if not_invited:
            parts.append(f"not invited: {', '.join(not_invited)}")
        if absent:
            parts.append(f"invited but did not attend: {', '.join(absent)}")
        if health_missing:
            parts.append(health_missing)
        text = (
            f"Strategy discussion about {child.name} on {uk(day)}: {'; '.join(parts)}"
            f" (agencies involved = an entry about {child.name} in the {days} days before)."
        )
        missing = set(not_invited) | set(absent)
        behind = involved[involved["organisation"].isin(missing)]
        rows = pd.concat([meeting, behind]) if not behind.empty else meeting
        return self.flag(context, child, rows, text, severity="high" if not_invited else None)

    def _health_missing(
        self,
        context: RuleContext,
        child: Person,
        day: pd.Timestamp,
        health_years: int,
        recorders: set[str],
        meeting: pd.DataFrame,
        attended: set[str],
    ) -> str:
        age = context.age_in_days(child, day.date())
        if age is None or age >= int(health_years * 365.25):
            return ""
        frame = context.timeline
        health = {
            str(org).casefold()
            for org, agency in zip(frame["organisation"], frame["agency"], strict=True)
            if agency in HEALTH_EXPECTED
        }
        there = set(meeting["agency"]) | attended | {org.casefold() for org in recorders}
        if there & (set(HEALTH_EXPECTED) | health):
            return ""
        years = age // 365
        return (
            f"no GP or health visiting present, though {child.name} was {years} years old"
            f" (health is always expected for a child under {health_years})"
        )


def _names(meeting: pd.DataFrame, column: str) -> set[str]:
    """Every name or code in the column across the discussion's entries, casefolded."""
    if column not in meeting.columns:
        return set()
    return {
        str(item).strip().casefold()
        for value in meeting[column]
        for item in _items(value)
        if str(item).strip()
    }


def _items(value: Any) -> list[Any]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return value.split(";")
    return list(value)


def _named(organisation: str, agency_of: dict[str, str], names: set[str]) -> bool:
    """Whether `names` names this organisation: by name, or by an agency code that is unique."""
    if organisation.casefold() in names:
        return True
    agency = agency_of[organisation]
    alone = sum(1 for other in agency_of.values() if other == agency) == 1
    return alone and agency.casefold() in names
