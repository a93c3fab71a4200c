"""closure-without-handover: an agency closes while others are still involved (RULES.md rule 12).

An organisation closes its involvement with a child (case closed, early help closed,
discharge) while other organisations are involved with the child (an entry with the child
as a subject in the 90 days before, settings `involved_days`), and within 7 days (settings
`handover_days`) one or more of those others was not told: its organisation name or agency
code is neither in the closing entry's `shared_with` nor in that of an `information_shared`
entry from the closing organisation about any of the closing entry's subjects (the child,
or a parent named on it). One flag per closing entry, naming every organisation not told;
it is raised only once the 7 days have passed by the as-at date.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

CLOSURES = ("case_closed", "early_help_closed", "discharge")
HANDOVER_DAYS = 7
INVOLVED_DAYS = 90


def involved(entries: pd.DataFrame, day: pd.Timestamp, days: int = INVOLVED_DAYS) -> pd.DataFrame:
    """The entries (about one child) in the `days` before `day`, the day itself included."""
    return entries[
        (entries["occurred_from"] >= day - timedelta(days=days)) & (entries["occurred_from"] <= day)
    ]


def told(shared_with: Any, organisation: str, agency: str) -> bool:
    """Whether a `shared_with` list names this organisation or its agency code."""
    if not isinstance(shared_with, list | tuple | set | frozenset):
        return False
    names = {str(item).strip().casefold() for item in shared_with}
    return organisation.casefold() in names or agency.casefold() in names


@register
class ClosureWithoutHandover(Rule):
    id = "closure-without-handover"
    title = "Agency closed without telling the other agencies involved"
    description = (
        "A closure or discharge while other agencies are involved with the child, with no"
        " information shared with them within 7 days."
    )
    version = 1
    severity = "medium"
    learning = "001: 'if my work comes to an end, who else needs to know what I know?'; 004 theme 6"

    def evaluate(self, context: RuleContext) -> list[Flag]:
        days = int(context.settings.get("handover_days", HANDOVER_DAYS))
        involved_days = int(context.settings.get("involved_days", INVOLVED_DAYS))
        as_at = pd.Timestamp(context.as_at)
        flags: list[Flag] = []
        for child in context.children():
            entries = context.about(child.id)
            if entries.empty:
                continue
            closures = entries[entries["event_type"].isin(CLOSURES)]
            for index in closures.index:
                closing = entries.loc[index]
                if closing["occurred_from"] + timedelta(days=days) > as_at:
                    continue  # the handover window is still open
                flag = self._check(context, child, entries, index, days, involved_days)
                if flag is not None:
                    flags.append(flag)
        return flags

    def _check(
        self,
        context: RuleContext,
        child: Person,
        entries: pd.DataFrame,
        index: Any,
        days: int,
        involved_days: int,
    ) -> Flag | None:
        closing = entries.loc[index]
        day, organisation = closing["occurred_from"], closing["organisation"]
        others = involved(entries, day, involved_days)
        others = others[others["organisation"] != organisation]
        if others.empty:
            return None
        timeline = context.timeline
        people = set(closing["subjects"])
        shared = timeline[
            (timeline["event_type"] == "information_shared")
            & (timeline["organisation"] == organisation)
            & (timeline["occurred_from"] >= day)
            & (timeline["occurred_from"] <= day + timedelta(days=days))
            & timeline["subjects"].map(lambda subjects: bool(people & set(subjects)))
        ]
        lists = [closing["shared_with"], *shared["shared_with"]]
        not_told = []
        latest = []
        for name, theirs in others.groupby("organisation", sort=True):
            agency = str(theirs["agency"].iloc[0])
            if not any(told(each, str(name), agency) for each in lists):
                not_told.append(str(name))
                latest.append(theirs.sort_values("occurred_from").index[-1])
        if not not_told:
            return None
        what = str(closing["event_type"]).replace("_", " ")
        text = (
            f"{organisation} recorded {what} for {child.name} on {uk(day)} while"
            f" {_join(not_told)} {'was' if len(not_told) == 1 else 'were'} involved with"
            f" {child.name} (an entry in the {involved_days} days before), and there is no sign"
            f" that {'it was' if len(not_told) == 1 else 'they were'} told within {days} days"
            f" (by {uk(day + timedelta(days=days))})."
        )
        evidence = entries.loc[[index, *latest]]
        end = day + timedelta(days=days)
        return self.flag(
            context,
            child,
            evidence,
            text,
            window=Window(from_date=day.date(), to_date=end.date()),
        )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
