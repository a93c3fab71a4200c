"""repeat-plan: a second or later child protection plan, or a re-referral (RULES.md rule 14).

A plan is a repeat when an earlier plan for the child is in the chronology, or when the
agency that recorded it says the child had previous plans (`number_of_previous_plans` in
its attributes, as the CIN census and Annex A carry): earlier plans elsewhere, perhaps in
another area, may never reach this chronology.
"""

from __future__ import annotations

from itertools import pairwise

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
        if context.timeline.empty:
            return flags
        days = context.index.column("occurred_from")
        types = context.index.column("event_type")
        for child in context.children():
            rows = context.index.rows(child.id).tolist()
            plans = _distinct_days([row for row in rows if types[row] == "cp_plan_started"], days)
            flags.extend(self._plans(context, child, plans, days))
            if plans:
                flags.extend(self._said_to_repeat(context, child, plans[0], days))
            referrals = _distinct_days([row for row in rows if types[row] == "referral"], days)
            flags.extend(self._re_referrals(context, child, referrals, days))
        return flags

    def _plans(
        self, context: RuleContext, child: Person, plans: list[int], days: list[pd.Timestamp]
    ) -> list[Flag]:
        return [
            self.flag_at(
                context,
                child,
                plans[: n + 1],
                f"{child.name}: child protection plan number {n + 1}, started"
                f" {uk(days[plans[n]])} (the first began {uk(days[plans[0]])}).",
            )
            for n in range(1, len(plans))
        ]

    def _said_to_repeat(
        self, context: RuleContext, child: Person, first: int, days: list[pd.Timestamp]
    ) -> list[Flag]:
        """The first plan in the chronology, when its agency recorded earlier ones."""
        attributes = context.index.column("attributes")[first] or {}
        previous = _count(attributes.get("number_of_previous_plans"))
        if previous < 1:
            return []
        organisation = context.index.column("organisation")[first]
        return [
            self.flag_at(
                context,
                child,
                [first],
                f"{child.name}: child protection plan started {uk(days[first])};"
                f" {organisation} recorded {previous} previous plan{'s' if previous > 1 else ''}"
                " for the child, not in this chronology.",
            )
        ]

    def _re_referrals(
        self, context: RuleContext, child: Person, referrals: list[int], days: list[pd.Timestamp]
    ) -> list[Flag]:
        within = int(context.settings["re_referral_days"])
        flags = []
        for earlier, later in pairwise(referrals):
            gap = (days[later] - days[earlier]).days
            if gap <= within:
                flags.append(
                    self.flag_at(
                        context,
                        child,
                        [earlier, later],
                        f"{child.name} was referred again on {uk(days[later])},"
                        f" {gap} days after the referral of {uk(days[earlier])}"
                        f" (a re-referral is within {within} days).",
                        severity="medium",
                        title="Re-referral within 12 months",
                    )
                )
        return flags


def _distinct_days(rows: list[int], days: list[pd.Timestamp]) -> list[int]:
    """One entry per day, in date order: two agencies recording the same plan are one plan."""
    first_of_day: dict[pd.Timestamp, int] = {}
    for row in rows:
        first_of_day.setdefault(days[row], row)
    return [first_of_day[day] for day in sorted(first_of_day)]


def _count(value: object) -> int:
    """A count an agency sent (a number, or its text); anything else is none."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else 0
