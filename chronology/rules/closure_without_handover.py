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

import numpy as np
import numpy.typing as npt
import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

CLOSURES = ("case_closed", "early_help_closed", "discharge")
HANDOVER_DAYS = 7
INVOLVED_DAYS = 90


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
        shared = _Sharing(context.timeline)
        flags: list[Flag] = []
        for child in context.children():
            entries = context.about(child.id)
            if entries.empty:
                continue
            child_entries = _ChildEntries(entries, context.index.rows(child.id))
            for closing in child_entries.closures():
                if child_entries.day(closing) + timedelta(days=days) > as_at:
                    continue  # the handover window is still open
                flag = self._check(
                    context, child, child_entries, shared, closing, days, involved_days
                )
                if flag is not None:
                    flags.append(flag)
        return flags

    def _check(
        self,
        context: RuleContext,
        child: Person,
        entries: _ChildEntries,
        shared: _Sharing,
        closing: int,
        days: int,
        involved_days: int,
    ) -> Flag | None:
        at = entries.positions[closing]  # in the timeline
        column = context.index.column
        day, organisation = entries.day(closing), column("organisation")[at]
        others = entries.involved(day - timedelta(days=involved_days), day, organisation)
        if not others:
            return None
        end = day + timedelta(days=days)
        people = set(column("subjects")[at])
        lists = [column("shared_with")[at], *shared.lists(organisation, day, end, people)]
        not_told = []
        latest = []
        for name, theirs in others.items():
            agency = str(entries.agencies[theirs[0]])
            if not any(told(each, str(name), agency) for each in lists):
                not_told.append(str(name))
                latest.append(entries.latest(theirs))
        if not not_told:
            return None
        what = str(column("event_type")[at]).replace("_", " ")
        text = (
            f"{organisation} recorded {what} for {child.name} on {uk(day)} while"
            f" {_join(not_told)} {'was' if len(not_told) == 1 else 'were'} involved with"
            f" {child.name} (an entry in the {involved_days} days before), and there is no sign"
            f" that {'it was' if len(not_told) == 1 else 'they were'} told within {days} days"
            f" (by {uk(end)})."
        )
        return self.flag_at(
            context,
            child,
            [entries.positions[row] for row in [closing, *latest]],
            text,
            window=Window(from_date=day.date(), to_date=end.date()),
        )


class _ChildEntries:
    """The entries about one child, as columns, with each organisation's entries."""

    def __init__(self, frame: pd.DataFrame, positions: npt.NDArray[np.intp]) -> None:
        self.frame = frame
        self.positions: list[int] = positions.tolist()  # in the timeline
        self.days = frame["occurred_from"].to_numpy()
        self.agencies: list[Any] = frame["agency"].tolist()
        groups: dict[Any, Any] = dict(frame.groupby("organisation").indices)
        self.by_organisation = {
            name: np.asarray(groups[name], dtype=np.intp) for name in sorted(groups)
        }

    def day(self, row: int) -> pd.Timestamp:
        return pd.Timestamp(self.days[row])

    def closures(self) -> list[int]:
        return np.flatnonzero(self.frame["event_type"].isin(CLOSURES).to_numpy()).tolist()

    def involved(
        self, first: pd.Timestamp, last: pd.Timestamp, closing: Any
    ) -> dict[Any, npt.NDArray[np.intp]]:
        """Each other organisation (by name) -> its entries from `first` to `last`."""
        found = {}
        for name, rows in self.by_organisation.items():
            days = self.days[rows]
            within = (days >= first.to_datetime64()) & (days <= last.to_datetime64())
            if name != closing and within.any():
                found[name] = rows[within]
        return found

    def latest(self, rows: npt.NDArray[np.intp]) -> int:
        """The last of `rows` by date, ties as `sort_values` (quicksort) has always left them."""
        return int(rows[self.days[rows].argsort(kind="quicksort")[-1]])


class _Sharing:
    """The timeline's `information_shared` entries, by sharing organisation."""

    def __init__(self, timeline: pd.DataFrame) -> None:
        self.by_organisation: dict[Any, npt.NDArray[np.intp]] = {}
        if timeline.empty:
            return
        self.days = timeline["occurred_from"].to_numpy()
        self.subjects: list[Any] = timeline["subjects"].tolist()
        self.shared_with: list[Any] = timeline["shared_with"].tolist()
        sharing = (timeline["event_type"] == "information_shared").to_numpy(dtype=bool)
        organisations = timeline["organisation"].to_numpy()
        for name in dict.fromkeys(organisations[sharing].tolist()):
            self.by_organisation[name] = np.flatnonzero(sharing & (organisations == name))

    def lists(
        self, organisation: Any, first: pd.Timestamp, last: pd.Timestamp, people: set[str]
    ) -> list[Any]:
        """The `shared_with` lists of the organisation's sharing about any of `people`
        from `first` to `last`."""
        rows = self.by_organisation.get(organisation)
        if rows is None:
            return []
        days = self.days[rows]
        within = rows[(days >= first.to_datetime64()) & (days <= last.to_datetime64())]
        return [
            self.shared_with[row] for row in within.tolist() if people & set(self.subjects[row])
        ]


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
