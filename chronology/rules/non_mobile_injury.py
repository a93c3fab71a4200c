"""non-mobile-injury: an injury to a baby who cannot move on their own, not acted on (rule 7).

An injury (bruise, mark, burn, fracture, bleeding) to a child under six months, or recorded
as not independently mobile, must be followed within a day by a referral to children's social
care and within two days by a strategy discussion or child protection medical. Always high.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag
from chronology.rules.registry import register

INJURIES = frozenset({"bruise", "mark", "burn", "fracture", "bleeding", "injury"})
REFERRALS = ("referral", "contact_received")
PROTECTIVE = ("strategy_discussion", "child_protection_medical")
ROW_COLUMNS = ("event_type", "attributes", "occurred_from", "organisation")


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
        injured = _injured(context.timeline)
        for child in context.children():
            actions: _Actions | None = None  # made for the first injury that counts
            rows = context.index.rows(child.id)
            for position in rows[injured[rows]].tolist():
                row = {name: context.index.column(name)[position] for name in ROW_COLUMNS}
                if self._counts(context, child, row):
                    actions = actions or _Actions(context.about(child.id))
                    missing = self._missing(context, actions, row)
                    if missing:
                        flags.append(
                            self.flag_at(
                                context,
                                child,
                                [position],
                                self._explain(context, child, row, missing),
                            )
                        )
        return flags

    def _counts(self, context: RuleContext, child: Person, row: Any) -> bool:
        attributes = row["attributes"] or {}
        if not _is_injury(row["event_type"], attributes):
            return False
        age = context.age_in_days(child, row["occurred_from"].date())
        young = age is not None and age < int(context.settings["max_age_days"])
        return young or attributes.get("independently_mobile") is False

    def _missing(self, context: RuleContext, actions: _Actions, row: Any) -> list[str]:
        day = row["occurred_from"]
        referral_by = day + timedelta(days=int(context.settings["referral_days"]))
        strategy_by = day + timedelta(days=int(context.settings["strategy_days"]))
        missing = []
        if not actions.any_between(actions.referred, day, referral_by):
            missing.append(f"no referral to children's social care by {uk(referral_by)}")
        if not actions.any_between(actions.protective, day, strategy_by):
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


def _is_injury(event_type: Any, attributes: Any) -> bool:
    return event_type == "injury_observed" or str(attributes.get("injury", "")).lower() in INJURIES


def _injured(timeline: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Which of the timeline's entries record an injury (to anyone)."""
    if timeline.empty:
        return np.zeros(0, dtype=bool)
    return np.array(
        [
            _is_injury(event_type, attributes or {})
            for event_type, attributes in zip(
                timeline["event_type"], timeline["attributes"], strict=True
            )
        ],
        dtype=bool,
    )


class _Actions:
    """One child's referrals to children's social care and protective steps, by date."""

    def __init__(self, entries: pd.DataFrame) -> None:
        self.days = entries["occurred_from"].to_numpy()
        to_social_care = entries["event_type"].isin(REFERRALS) & (
            entries["agency"] == "childrens_social_care"
        )
        self.referred = (to_social_care | entries["shared_with"].map(_to_social_care)).to_numpy(
            dtype=bool
        )
        self.protective = entries["event_type"].isin(PROTECTIVE).to_numpy(dtype=bool)

    def any_between(
        self, kind: npt.NDArray[np.bool_], first: pd.Timestamp, last: pd.Timestamp
    ) -> bool:
        """Whether any entry of the kind falls from `first` to `last`."""
        within = (self.days >= first.to_datetime64()) & (self.days <= last.to_datetime64())
        return bool((kind & within).any())
