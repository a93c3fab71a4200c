"""repeat-plan: a second or later child protection plan, or a re-referral (RULES.md rule 14)."""

from __future__ import annotations

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag
from chronology.rules.registry import register


@register
class RepeatPlan(Rule):
    id = "repeat-plan"
    title = "Repeat child protection plan or re-referral"
    description = "A second or later CP plan, or a referral within 12 months of a previous one."
    version = 1
    severity = "high"
    learning = "001: 'recurring pattern of repeat child protection plans'; DfE re-referral measure"

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags: list[Flag] = []
        for child in context.children():
            entries = context.about(child.id)
            flags.extend(self._plans(context, child, entries))
            flags.extend(self._re_referrals(context, child, entries))
        return flags

    def _plans(self, context: RuleContext, child: Person, entries: pd.DataFrame) -> list[Flag]:
        plans = _distinct_days(entries[entries["event_type"] == "cp_plan_started"])
        return [
            self.flag(
                context,
                child,
                plans.iloc[: n + 1],
                f"{child.name}: child protection plan number {n + 1}, started"
                f" {uk(plans.iloc[n]['occurred_from'])} (the first began"
                f" {uk(plans.iloc[0]['occurred_from'])}).",
            )
            for n in range(1, len(plans))
        ]

    def _re_referrals(
        self, context: RuleContext, child: Person, entries: pd.DataFrame
    ) -> list[Flag]:
        referrals = _distinct_days(entries[entries["event_type"] == "referral"])
        days = int(context.settings["re_referral_days"])
        flags = []
        for n in range(1, len(referrals)):
            earlier, later = referrals.iloc[n - 1], referrals.iloc[n]
            gap = (later["occurred_from"] - earlier["occurred_from"]).days
            if gap <= days:
                flags.append(
                    self.flag(
                        context,
                        child,
                        referrals.iloc[[n - 1, n]],
                        f"{child.name} was referred again on {uk(later['occurred_from'])},"
                        f" {gap} days after the referral of {uk(earlier['occurred_from'])}"
                        f" (a re-referral is within {days} days).",
                        severity="medium",
                        title="Re-referral within 12 months",
                    )
                )
        return flags


def _distinct_days(entries: pd.DataFrame) -> pd.DataFrame:
    """One entry per day: two agencies recording the same plan are one plan."""
    return entries.drop_duplicates(subset="occurred_from").sort_values("occurred_from")
