"""disengagement-pattern: a family engages and then drops away (RULES.md rule 13).

After an engagement entry about a child (a home visit, attended appointment, health review,
antenatal booking or early help starting), 3 or more (settings `count`) no-access visits,
cancelled or missed appointments or declined services about the child, by any agencies
together, within 3 months (settings `window_months`). Episodes do not overlap: once a run is
flagged, counting starts again after its last entry.
"""

from __future__ import annotations

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

DROPPING_AWAY = (
    "no_access_visit",
    "appointment_cancelled",
    "appointment_missed",
    "service_declined",
)
ENGAGED = (
    "home_visit",
    "appointment_attended",
    "new_birth_visit",
    "development_review",
    "antenatal_booking",
    "early_help_started",
)
COUNT = 3
WINDOW_MONTHS = 3


@register
class DisengagementPattern(Rule):
    id = "disengagement-pattern"
    title = "Engagement followed by repeated no access, missed appointments or refusals"
    description = (
        "After engagement, 3 or more no-access visits, cancelled or missed appointments or"
        " declined services across agencies within 3 months."
    )
    version = 1
    severity = "medium"
    learning = "001: 'parent engages initially and then drops away'; disguised compliance"

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags: list[Flag] = []
        for child in context.children():
            entries = context.about(child.id)
            if not entries.empty:
                flags.extend(self._runs(context, child, entries.sort_values("occurred_from")))
        return flags

    def _runs(self, context: RuleContext, child: Person, entries: pd.DataFrame) -> list[Flag]:
        needed = int(context.settings.get("count", COUNT))
        months = int(context.settings.get("window_months", WINDOW_MONTHS))
        engaged = entries[entries["event_type"].isin(ENGAGED)]
        if engaged.empty:
            return []
        first_engaged = engaged.iloc[0]
        dropping = entries[
            entries["event_type"].isin(DROPPING_AWAY)
            & (entries["occurred_from"] > first_engaged["occurred_from"])
        ]
        flags = []
        start = 0
        while start < len(dropping):
            first = dropping.iloc[start]["occurred_from"]
            end = first + pd.DateOffset(months=months)
            run = dropping[
                (dropping["occurred_from"] >= first) & (dropping["occurred_from"] <= end)
            ]
            if len(run) < needed:
                start += 1
                continue
            engagement = engaged[engaged["occurred_from"] < first].iloc[[-1]]
            flags.append(self._flag(context, child, engagement, run, needed, months))
            start += len(run)
        return flags

    def _flag(
        self,
        context: RuleContext,
        child: Person,
        engagement: pd.DataFrame,
        run: pd.DataFrame,
        needed: int,
        months: int,
    ) -> Flag:
        first, last = run["occurred_from"].min(), run["occurred_from"].max()
        counts = run.groupby("event_type").size()
        parts = ", ".join(
            f"{int(counts[kind])} {kind.replace('_', ' ')}"
            for kind in DROPPING_AWAY
            if kind in counts
        )
        organisations = sorted(set(run["organisation"]))
        engaged_row = engagement.iloc[0]
        text = (
            f"After {str(engaged_row['event_type']).replace('_', ' ')} with"
            f" {engaged_row['organisation']} on {uk(engaged_row['occurred_from'])},"
            f" {len(run)} entries about {child.name} between {uk(first)} and {uk(last)}"
            f" show the family dropping away ({parts}) across {len(organisations)}"
            f" {'agency' if len(organisations) == 1 else 'agencies'}"
            f" ({', '.join(organisations)}); the rule looks for {needed} within {months} months."
        )
        return self.flag(
            context,
            child,
            pd.concat([engagement, run]),
            text,
            window=Window(from_date=first.date(), to_date=last.date()),
        )
