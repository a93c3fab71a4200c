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

import numpy as np
import numpy.typing as npt
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
        health = {
            str(organisation).casefold()
            for organisation in frame.loc[frame["agency"].isin(HEALTH_EXPECTED), "organisation"]
        }
        for child in context.children():
            entries = _ChildEntries(context.about(child.id), context.index.rows(child.id))
            for day in entries.meeting_days():
                flag = self._check(context, child, entries, day, days, health_years, health)
                if flag is not None:
                    flags.append(flag)
        return flags

    def _check(
        self,
        context: RuleContext,
        child: Person,
        entries: _ChildEntries,
        day: pd.Timestamp,
        days: int,
        health_years: int,
        health: set[str],
    ) -> Flag | None:
        meeting = entries.meeting_on(day)
        involved = entries.last_by_organisation(day - timedelta(days=days), day)
        agency_of = {entries.organisations[row]: entries.agencies[row] for row in involved}
        recorders = {entries.organisations[row] for row in meeting}
        invited = entries.names(meeting, "invited")
        attended = entries.names(meeting, "attended")
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
        there = {entries.agencies[row] for row in meeting} | attended
        there |= {organisation.casefold() for organisation in recorders}
        health_missing = self._health_missing(context, child, day, health_years, there, health)
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
        behind = [row for row in involved if entries.organisations[row] in missing]
        rows = [entries.positions[row] for row in [*meeting, *behind]]
        return self.flag_at(context, child, rows, text, severity="high" if not_invited else None)

    def _health_missing(
        self,
        context: RuleContext,
        child: Person,
        day: pd.Timestamp,
        health_years: int,
        there: set[str],
        health: set[str],
    ) -> str:
        """Why health is missing for a young child; `there` is every agency code, name and
        organisation (casefolded) recorded at or attending the discussion."""
        age = context.age_in_days(child, day.date())
        if age is None or age >= int(health_years * 365.25):
            return ""
        if there & (set(HEALTH_EXPECTED) | health):
            return ""
        years = age // 365
        return (
            f"no GP or health visiting present, though {child.name} was {years} years old"
            f" (health is always expected for a child under {health_years})"
        )


class _ChildEntries:
    """The entries about one child, as columns, with their strategy discussions and each
    organisation's entries picked out for the rule's per-discussion questions."""

    def __init__(self, frame: pd.DataFrame, positions: npt.NDArray[np.intp]) -> None:
        self.positions: list[int] = positions.tolist()  # in the timeline
        self.days = frame["occurred_from"].to_numpy()
        self.organisations: list[Any] = frame["organisation"].tolist()
        self.agencies: list[Any] = frame["agency"].tolist()
        self.columns = {
            column: frame[column].tolist()
            for column in ("invited", "attended")
            if column in frame.columns
        }
        self.meetings = np.flatnonzero(
            (frame["event_type"] == "strategy_discussion").to_numpy(dtype=bool)
        )
        self.by_organisation = [
            np.asarray(rows, dtype=np.intp)
            for rows in frame.groupby("organisation", sort=False).indices.values()
        ]

    def meeting_days(self) -> list[pd.Timestamp]:
        """The days with a strategy discussion, in order (one discussion a day)."""
        return [pd.Timestamp(day) for day in np.unique(self.days[self.meetings])]

    def meeting_on(self, day: pd.Timestamp) -> list[int]:
        """The discussion's entries: every organisation's record of it that day."""
        on_day: list[int] = self.meetings[self.days[self.meetings] == day.to_datetime64()].tolist()
        return on_day

    def last_by_organisation(self, first: pd.Timestamp, end: pd.Timestamp) -> list[int]:
        """Each organisation's last entry from `first` up to, not including, `end`."""
        found = []
        for rows in self.by_organisation:
            days = self.days[rows]
            within = np.flatnonzero((days >= first.to_datetime64()) & (days < end.to_datetime64()))
            if len(within):
                found.append(int(rows[within[-1]]))
        return sorted(found)

    def names(self, meeting: list[int], column: str) -> set[str]:
        """Every name or code in the column across the discussion's entries, casefolded."""
        if column not in self.columns:
            return set()
        values = self.columns[column]
        return {
            str(item).strip().casefold()
            for row in meeting
            for item in _items(values[row])
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
