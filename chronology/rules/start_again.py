"""start-again: a new referral or assessment without the child's history (RULES.md rule 11).

A referral or assessment started about a child, when either
- an episode about the child closed (case closed, early help closed) in the 12 months before
  (settings `closed_within_days`, 365) and this is the first referral or assessment since, or
- an organisation of the same kind in another area or service (same agency code, different
  organisation) had entries about the child in those 12 months: a move between areas or
  agencies,
and within 14 days (settings `history_days`) there is no sign that history was sought from
that previous organisation: no `information_requested` entry about the child by the new
organisation or naming the previous one in `shared_with`, and no `information_shared` entry
about the child from the previous organisation to the new one (by name or agency code, or
to no one named). Raised once the 14 days have passed by the as-at date; one flag per new
referral or assessment, naming every previous organisation not asked. Low when the only
previous organisation is the new one itself (its own records hold the history).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.closure_without_handover import told
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

CLOSED = ("case_closed", "early_help_closed")
NEW = ("referral", "assessment_started")
CLOSED_WITHIN_DAYS = 365
HISTORY_DAYS = 14


@register
class StartAgain(Rule):
    id = "start-again"
    title = "New referral or assessment with no sign the history was sought"
    description = (
        "A new referral or assessment within 12 months of a previous episode closing, or after"
        " a move between areas or agencies, with no history requested within 14 days."
    )
    version = 1
    severity = "medium"
    learning = (
        "001: 'start again pattern', 'moving in or out of area and transition is a risk time"
        " for starting again'; 004 theme 4"
    )

    def evaluate(self, context: RuleContext) -> list[Flag]:
        within = int(context.settings.get("closed_within_days", CLOSED_WITHIN_DAYS))
        history = int(context.settings.get("history_days", HISTORY_DAYS))
        as_at = pd.Timestamp(context.as_at)
        flags: list[Flag] = []
        for child in context.children():
            rows = context.index.rows(child.id)
            if not len(rows):
                continue
            child_entries = _ChildEntries(context, rows)
            for position, previous in child_entries.new_episodes(within):
                day = child_entries.days[position]
                if day + timedelta(days=history) > as_at or not previous:
                    continue  # still time to ask, or no history to ask for
                asked = child_entries.asked(position, history)
                missing = {org: why for org, why in previous.items() if org not in asked}
                if missing:
                    flags.append(
                        self._flag(context, child, child_entries, position, missing, history)
                    )
        return flags

    def _flag(
        self,
        context: RuleContext,
        child: Person,
        entries: _ChildEntries,
        position: int,
        missing: dict[str, tuple[int, str]],
        history: int,
    ) -> Flag:
        organisation = entries.organisations[position]
        day = entries.days[position]
        reasons = "; ".join(
            f"{reason} {uk(entries.days[earlier])}"
            f" ({(day - entries.days[earlier]).days} days before)"
            for earlier, reason in missing.values()
        )
        kind = "referral" if entries.types[position] == "referral" else "assessment"
        text = (
            f"{organisation} recorded a new {kind} for {child.name} on {uk(day)}: {reasons}."
            f" There is no sign within {history} days (by {uk(day + timedelta(days=history))})"
            f" that {child.name}'s history was requested from or shared by"
            f" {' or '.join(sorted(missing))}."
        )
        earlier_rows = sorted({earlier for earlier, _ in missing.values()})
        own = set(missing) == {str(organisation)}
        return self.flag_at(
            context,
            child,
            [entries.positions[row] for row in [*earlier_rows, position]],
            text,
            severity="low" if own else None,
            window=Window(from_date=day.date(), to_date=(day + timedelta(days=history)).date()),
        )


class _ChildEntries:
    """One child's entries in date order (as a stable sort leaves them), as columns, with the
    positions of the kinds of entry the rule looks for (so each new referral looks only at
    its own few days). Positions are in this order; `positions` maps them to the timeline."""

    def __init__(self, context: RuleContext, rows: npt.NDArray[np.intp]) -> None:
        dates = context.timeline["occurred_from"].to_numpy()[rows]
        order = np.argsort(dates, kind="stable")
        self.positions: list[int] = rows[order].tolist()
        self.dates = dates[order]
        self.days: list[pd.Timestamp] = self._column(context, "occurred_from")
        self.types = self._column(context, "event_type")
        self.organisations = self._column(context, "organisation")
        self.agencies = self._column(context, "agency")
        self.areas = self._column(context, "area")
        self.shared_with = self._column(context, "shared_with")
        self.everyone = {str(name) for name in self.organisations}
        self.agency_of: dict[str, str] = {}
        self.by_source: dict[tuple[Any, Any], list[int]] = {}
        sources = zip(self.organisations, self.agencies, strict=True)
        for row, (organisation, agency) in enumerate(sources):
            self.agency_of.setdefault(str(organisation), str(agency))
            self.by_source.setdefault((organisation, agency), []).append(row)
        self.closed = self._where(CLOSED)
        self.sought = self._where(("information_requested", "information_shared"))

    def _column(self, context: RuleContext, name: str) -> list[Any]:
        values = context.index.column(name)
        return [values[at] for at in self.positions]

    def _where(self, types: tuple[str, ...]) -> list[int]:
        return [row for row, kind in enumerate(self.types) if kind in types]

    def _search(self, day: pd.Timestamp, side: Literal["left", "right"]) -> int:
        """Where `day` falls among the entries' dates (`numpy.searchsorted`)."""
        return int(np.searchsorted(self.dates, day.to_datetime64(), side))

    def _between(self, rows: list[int], first: int, end: int) -> list[int]:
        """The positions in `rows` (in order) from `first` up to, not including, `end`."""
        return rows[bisect_left(rows, first) : bisect_left(rows, end)]

    def new_episodes(self, within: int) -> Iterator[tuple[int, dict[str, tuple[int, str]]]]:
        """Each new referral or assessment, with its previous organisations (see `previous`)."""
        last_new: pd.Timestamp | None = None
        last_new_by: dict[Any, pd.Timestamp] = {}
        for position, kind in enumerate(self.types):
            if kind in NEW:
                yield position, self.previous(position, within, last_new, last_new_by)
                last_new = last_new_by[self.organisations[position]] = self.days[position]

    def previous(
        self,
        position: int,
        within: int,
        last_new: pd.Timestamp | None,
        last_new_by: dict[Any, pd.Timestamp],
    ) -> dict[str, tuple[int, str]]:
        """Previous organisations -> (the entry that makes them previous, why).

        `last_new` is the date of the latest earlier referral or assessment, `last_new_by`
        the same for each organisation: a closure or a move counts only with none since."""
        day, organisation = self.days[position], self.organisations[position]
        first = self._search(day - timedelta(days=within), "left")
        end = self._search(day, "right")
        found: dict[str, tuple[int, str]] = {}
        # Only closures before this entry: a referral closed with no further action on the
        # day it arrived ends its own episode, it is not a previous one.
        for closed in self._between(self.closed, first, position):
            if last_new is None or last_new < self.days[closed]:
                what = str(self.types[closed]).replace("_", " ")
                name = self.organisations[closed]
                found[str(name)] = (closed, f"{name} recorded {what} on")
        agency = self.agencies[position]
        for name in sorted({name for name, kind in self.by_source if kind == agency}):
            theirs = self._between(self.by_source[(name, agency)], first, end)
            if name == organisation or not theirs or str(name) in found:
                continue
            last = theirs[-1]
            ours = last_new_by.get(organisation)
            if ours is None or ours < self.days[last]:
                why = f"{name} ({self.areas[last]}) last had an entry about the child on"
                found[str(name)] = (last, why)
        return found

    def asked(self, position: int, history: int) -> set[str]:
        """The previous organisations history was sought from within `history` days."""
        day = self.days[position]
        organisation, agency = self.organisations[position], self.agencies[position]
        first = self._search(day, "left")
        end = self._search(day + timedelta(days=history), "right")
        asked: set[str] = set()
        for row in self._between(self.sought, first, end):
            shared_with = self.shared_with[row]
            if self.types[row] == "information_requested":
                if self.organisations[row] == organisation:
                    asked |= self.everyone  # the new organisation asked for the history
                else:
                    asked |= {
                        name
                        for name in self.everyone
                        if told(shared_with, name, self.agency_of[name])
                    }
            elif told(shared_with, str(organisation), str(agency)) or not shared_with:
                asked.add(str(self.organisations[row]))
        return asked
