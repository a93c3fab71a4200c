"""cumulative-risk: concern adding up across agencies past what any one of them saw (rule 1).

Each entry about a child carries a concern weight (settings). Over a rolling 12 months the
flag is raised the first time the agencies' total reaches the threshold while every single
organisation's own total is still below it; high when the total is twice the threshold.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import HEALTH_AGENCIES, Rule, RuleContext, uk
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
            weighted = self._weighted(context, child, context.about(child.id))
            crossing = self._first_crossing(context, weighted)
            if crossing is not None:
                flags.append(self._flag(context, child, *crossing))
        return flags

    def _weighted(self, context: RuleContext, child: Person, entries: pd.DataFrame) -> pd.DataFrame:
        weights = context.settings["weights"]
        scored = entries.assign(
            weight=[_weight(weights, context, child, row) for _, row in entries.iterrows()]
        )
        return scored[scored["weight"] > 0]

    def _first_crossing(
        self, context: RuleContext, weighted: pd.DataFrame
    ) -> tuple[pd.DataFrame, Any] | None:
        threshold, days = int(context.settings["threshold"]), int(context.settings["window_days"])
        for day in weighted["occurred_from"].drop_duplicates():
            window = weighted[
                (weighted["occurred_from"] > day - timedelta(days=days))
                & (weighted["occurred_from"] <= day)
            ]
            by_agency = window.groupby("organisation")["weight"].sum()
            if by_agency.sum() >= threshold and by_agency.max() < threshold:
                return window, day
        return None

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


def _weight(weights: dict[str, int], context: RuleContext, child: Person, row: Any) -> int:
    kind, attributes = row["event_type"], row["attributes"] or {}
    if kind == "domestic_abuse_incident" and attributes.get("children_present") is True:
        return int(weights["domestic_abuse_incident_children_present"])
    if kind == "injury_observed":
        age = context.age_in_days(child, row["occurred_from"].date())
        young = age is not None and age < 183
        return int(weights["injury_to_baby_under_6_months" if young else "injury_observed"])
    if kind == "appointment_missed" and row["agency"] not in HEALTH_AGENCIES:
        return 0
    return int(weights.get(kind, 0))
