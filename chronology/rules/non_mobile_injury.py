"""non-mobile-injury: an injury to a baby who cannot move on their own, not acted on (rule 7).

An injury (bruise, mark, burn, fracture, bleeding) to a child under six months, or recorded
as not independently mobile, must be followed within a day by a referral to children's social
care and within two days by a strategy discussion or child protection medical. Always high.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag
from chronology.rules.registry import register

INJURIES = frozenset({"bruise", "mark", "burn", "fracture", "bleeding", "injury"})
REFERRALS = ("referral", "contact_received")
PROTECTIVE = ("strategy_discussion", "child_protection_medical")


@register
class NonMobileInjury(Rule):
    id = "non-mobile-injury"
    title = "Injury to a non-mobile baby without a referral and strategy discussion"
    description = "Injuries to non-mobile babies must routinely lead to multi-agency action."
    version = 1
    severity = "high"
    learning = (
        "001: 'injuries in non-mobile babies, however plausible, must routinely lead to"
        " multi-agency information sharing' (Child L); NICE CG89"
    )

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags = []
        for child in context.children():
            entries = context.about(child.id)
            for index in range(len(entries)):
                row = entries.iloc[index]
                if self._counts(context, child, row):
                    missing = self._missing(context, entries, row)
                    if missing:
                        flags.append(
                            self.flag(
                                context,
                                child,
                                entries.iloc[[index]],
                                self._explain(context, child, row, missing),
                            )
                        )
        return flags

    def _counts(self, context: RuleContext, child: Person, row: Any) -> bool:
        attributes = row["attributes"] or {}
        injured = (
            row["event_type"] == "injury_observed"
            or str(attributes.get("injury", "")).lower() in INJURIES
        )
        if not injured:
            return False
        age = context.age_in_days(child, row["occurred_from"].date())
        young = age is not None and age < int(context.settings["max_age_days"])
        return young or attributes.get("independently_mobile") is False

    def _missing(self, context: RuleContext, entries: pd.DataFrame, row: Any) -> list[str]:
        day = row["occurred_from"]
        after = entries[entries["occurred_from"] >= day]
        referral_by = day + timedelta(days=int(context.settings["referral_days"]))
        strategy_by = day + timedelta(days=int(context.settings["strategy_days"]))
        referred = after[
            (after["occurred_from"] <= referral_by)
            & (
                (after["event_type"].isin(REFERRALS) & (after["agency"] == "childrens_social_care"))
                | after["shared_with"].map(_to_social_care)
            )
        ]
        protected = after[
            (after["occurred_from"] <= strategy_by) & after["event_type"].isin(PROTECTIVE)
        ]
        missing = []
        if referred.empty:
            missing.append(f"no referral to children's social care by {uk(referral_by)}")
        if protected.empty:
            missing.append(
                f"no strategy discussion or child protection medical by {uk(strategy_by)}"
            )
        return missing

    def _explain(self, context: RuleContext, child: Person, row: Any, missing: list[str]) -> str:
        attributes = row["attributes"] or {}
        what = " ".join(str(attributes.get(key, "")) for key in ("injury", "body_site")).strip()
        age = context.age_in_days(child, row["occurred_from"].date())
        aged = (
            f"{age // 7} weeks old" if age is not None else "recorded as not independently mobile"
        )
        return (
            f"{what or 'An injury'} to {child.name} ({aged}) recorded by {row['organisation']}"
            f" on {uk(row['occurred_from'])}: {'; '.join(missing)}."
        )


def _to_social_care(shared_with: Any) -> bool:
    return any(
        "social_care" in str(item) or "social care" in str(item).lower()
        for item in shared_with or ()
    )
