"""disengagement-pattern: a family engages and then drops away (RULES.md rule 13).

After an engagement entry about a child (a home visit, attended appointment, health review,
antenatal booking or early help starting), 3 or more (settings `count`) no-access visits,
cancelled or missed appointments or declined services about the child, by any agencies
together, within 3 months (settings `window_months`). Episodes do not overlap: once a run is
flagged, counting starts again after its last entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
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
        if context.timeline.empty:
            return flags
        dates = context.timeline["occurred_from"].to_numpy()
        for child in context.children():
            rows = context.index.rows(child.id)
            # In date order as `sort_values` (quicksort) leaves them, ties included.
            in_order = rows[dates[rows].argsort(kind="quicksort")].tolist()
            if in_order:
                flags.extend(self._runs(context, child, in_order, dates))
        return flags

    def _runs(
        self,
        context: RuleContext,
        child: Person,
        rows: list[int],
        dates: npt.NDArray[np.datetime64],
    ) -> list[Flag]:
        """`rows`: the child's entries (timeline positions) in date order."""
        needed = int(context.settings.get("count", COUNT))
        months = int(context.settings.get("window_months", WINDOW_MONTHS))
        types = context.index.column("event_type")
        engaged = [row for row in rows if types[row] in ENGAGED]
        if not engaged:
            return []
        since = dates[engaged[0]]
        dropping = [row for row in rows if types[row] in DROPPING_AWAY and dates[row] > since]
        flags = []
        for first, end in _dropping_runs(dates[dropping], needed, months):
            run = dropping[first:end]
            before = int(np.searchsorted(dates[engaged], dates[run[0]]))
            flags.append(self._flag(context, child, engaged[before - 1], run, needed, months))
        return flags

    def _flag(
        self,
        context: RuleContext,
        child: Person,
        engagement: int,
        run: list[int],
        needed: int,
        months: int,
    ) -> Flag:
        days, types, organisation_of = (
            context.index.column(name) for name in ("occurred_from", "event_type", "organisation")
        )
        first, last = min(days[row] for row in run), max(days[row] for row in run)
        counts = Counter(types[row] for row in run)
        parts = ", ".join(
            f"{counts[kind]} {kind.replace('_', ' ')}" for kind in DROPPING_AWAY if kind in counts
        )
        organisations = sorted({organisation_of[row] for row in run})
        text = (
            f"After {str(types[engagement]).replace('_', ' ')} with"
            f" {organisation_of[engagement]} on {uk(days[engagement])},"
            f" {len(run)} entries about {child.name} between {uk(first)} and {uk(last)}"
            f" show the family dropping away ({parts}) across {len(organisations)}"
            f" {'agency' if len(organisations) == 1 else 'agencies'}"
            f" ({', '.join(organisations)}); the rule looks for {needed} within {months} months."
        )
        return self.flag_at(
            context,
            child,
            [engagement, *run],
            text,
            window=Window(from_date=first.date(), to_date=last.date()),
        )


def _dropping_runs(
    values: npt.NDArray[np.datetime64], needed: int, months: int
) -> Iterator[tuple[int, int]]:
    """(first, end) positions of each run of `needed` or more of the dates `values` (in
    order) within `months` of its first; runs do not overlap."""
    dates = pd.DatetimeIndex(values)
    firsts = np.searchsorted(values, values, "left")
    ends = np.searchsorted(values, (dates + pd.DateOffset(months=months)).to_numpy(), "right")
    start = 0
    while start < len(values):
        first, end = int(firsts[start]), int(ends[start])
        if end - first < needed:
            start += 1
            continue
        yield first, end
        start += end - first
