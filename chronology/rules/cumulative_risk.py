"""cumulative-risk: concern adding up across agencies past what any one of them saw (rule 1).

Each entry about a child carries a concern weight (settings; `chronology.rules.concern`). Over
a rolling 12 months the flag is raised the first time the agencies' total reaches the threshold
while every single organisation's own total is still below it; high when the total is twice
the threshold. The totals on every entry day are computed at once (`rolling_totals`), so the
rule costs milliseconds on a case of thousands of entries.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.concern import rolling_totals, weighted_entries
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register


@register
class CumulativeRisk(Rule):
    id = "cumulative-risk"
    title = "Concern accumulating across agencies"
    description = "Together past the threshold while each agency alone is below it."
    version = 1
    severity = "medium"
    learning = (
        "004 theme 11: concerns 'when viewed together the threshold will be met'; 001"
        " 'incident led responses rather than holistic review of chronology'"
    )

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags = []
        for child in context.children():
            weighted = weighted_entries(context, child)
            crossing = self._first_crossing(context, weighted)
            if crossing is not None:
                flags.append(self._flag(context, child, *crossing))
        return flags

    def _first_crossing(
        self, context: RuleContext, weighted: pd.DataFrame
    ) -> tuple[pd.DataFrame, Any] | None:
        """The first entry day (in timeline order) on which the window's total reaches the
        threshold and no organisation's does, with the window's entries."""
        threshold, days = int(context.settings["threshold"]), int(context.settings["window_days"])
        entry_days = weighted["occurred_from"].drop_duplicates()
        totals = rolling_totals(weighted, entry_days, days)
        crossed = (totals.sum(axis=1) >= threshold) & (totals.max(axis=1) < threshold)
        if not crossed.any():
            return None
        day = entry_days[crossed.to_numpy()].iloc[0]
        occurred = weighted["occurred_from"]
        return weighted[(occurred > day - timedelta(days=days)) & (occurred <= day)], day

    def _flag(self, context: RuleContext, child: Person, window: pd.DataFrame, day: Any) -> Flag:
        threshold = int(context.settings["threshold"])
        by_agency = window.groupby("organisation")["weight"].sum().sort_values(ascending=False)
        total = int(by_agency.sum())
        parts = ", ".join(f"{name} {int(points)}" for name, points in by_agency.items())
        text = (
            f"{parts} concern points about {child.name} in the 12 months to {uk(day)}: each"
            f" agency below the threshold of {threshold}, together {total}."
        )
        start = window["occurred_from"].min()
        return self.flag(
            context,
            child,
            window,
            text,
            severity="high" if total >= 2 * threshold else "medium",
            window=Window(from_date=start.date(), to_date=day.date()),
        )
