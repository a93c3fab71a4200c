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

from datetime import timedelta
from typing import Any

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
            entries = context.about(child.id)
            if entries.empty:
                continue
            entries = entries.sort_values("occurred_from", kind="stable")
            for index in entries.index[entries["event_type"].isin(NEW)]:
                day = entries.loc[index, "occurred_from"]
                if day + timedelta(days=history) > as_at:
                    continue  # still time to ask
                previous = _previous(entries, index, within)
                asked = _asked(entries, index, history)
                missing = {org: row for org, row in previous.items() if org not in asked}
                if missing:
                    flags.append(self._flag(context, child, entries, index, missing, history))
        return flags

    def _flag(
        self,
        context: RuleContext,
        child: Person,
        entries: pd.DataFrame,
        index: Any,
        missing: dict[str, tuple[Any, str]],
        history: int,
    ) -> Flag:
        new = entries.loc[index]
        day = new["occurred_from"]
        reasons = "; ".join(
            f"{reason} {uk(entries.loc[earlier, 'occurred_from'])}"
            f" ({(day - entries.loc[earlier, 'occurred_from']).days} days before)"
            for earlier, reason in missing.values()
        )
        kind = "referral" if new["event_type"] == "referral" else "assessment"
        text = (
            f"{new['organisation']} recorded a new {kind} for {child.name} on {uk(day)}: {reasons}."
            f" There is no sign within {history} days (by {uk(day + timedelta(days=history))})"
            f" that {child.name}'s history was requested from or shared by"
            f" {' or '.join(sorted(missing))}."
        )
        earlier_rows = sorted(
            {earlier for earlier, _ in missing.values()}, key=list(entries.index).index
        )
        own = set(missing) == {str(new["organisation"])}
        return self.flag(
            context,
            child,
            entries.loc[[*earlier_rows, index]],
            text,
            severity="low" if own else None,
            window=Window(from_date=day.date(), to_date=(day + timedelta(days=history)).date()),
        )


def _previous(entries: pd.DataFrame, index: Any, within: int) -> dict[str, tuple[Any, str]]:
    """Previous organisations -> (the entry that makes them previous, why)."""
    new = entries.loc[index]
    day, organisation, agency = new["occurred_from"], new["organisation"], new["agency"]
    before = entries[
        (entries["occurred_from"] >= day - timedelta(days=within))
        & (entries["occurred_from"] <= day)
        & (entries.index != index)
    ]
    position = list(entries.index).index(index)
    earlier_new = entries.iloc[:position]
    earlier_new = earlier_new[earlier_new["event_type"].isin(NEW)]
    found: dict[str, tuple[Any, str]] = {}
    for closed_index, closed in before[before["event_type"].isin(CLOSED)].iterrows():
        since = earlier_new[earlier_new["occurred_from"] >= closed["occurred_from"]]
        if since.empty:  # the first referral or assessment since that closure
            what = str(closed["event_type"]).replace("_", " ")
            found[str(closed["organisation"])] = (
                closed_index,
                f"{closed['organisation']} recorded {what} on",
            )
    moved = before[(before["agency"] == agency) & (before["organisation"] != organisation)]
    for name, theirs in moved.groupby("organisation", sort=True):
        last_index = theirs.index[-1]
        ours_since = earlier_new[
            (earlier_new["organisation"] == organisation)
            & (earlier_new["occurred_from"] >= theirs["occurred_from"].iloc[-1])
        ]
        if str(name) not in found and ours_since.empty:
            area = theirs["area"].iloc[-1]
            found[str(name)] = (
                last_index,
                f"{name} ({area}) last had an entry about the child on",
            )
    return found


def _asked(entries: pd.DataFrame, index: Any, history: int) -> set[str]:
    """The previous organisations history was sought from within `history` days."""
    new = entries.loc[index]
    day, organisation, agency = new["occurred_from"], new["organisation"], new["agency"]
    window = entries[
        (entries["occurred_from"] >= day)
        & (entries["occurred_from"] <= day + timedelta(days=history))
    ]
    asked: set[str] = set()
    everyone = set(entries["organisation"].astype(str))
    for _, row in window.iterrows():
        if row["event_type"] == "information_requested":
            if row["organisation"] == organisation:
                asked |= everyone  # the new organisation asked for the history
            else:
                asked |= {
                    name
                    for name in everyone
                    if told(row["shared_with"], name, _agency_of(entries, name))
                }
        elif row["event_type"] == "information_shared" and (
            told(row["shared_with"], str(organisation), str(agency)) or not row["shared_with"]
        ):
            asked.add(str(row["organisation"]))
    return asked


def _agency_of(entries: pd.DataFrame, organisation: str) -> str:
    return str(entries[entries["organisation"] == organisation]["agency"].iloc[0])
