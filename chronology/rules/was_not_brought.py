"""was-not-brought: a child repeatedly not brought to health appointments (RULES.md rule 8).

Two or more missed or cancelled health appointments for one child within six months (both
settings). Entries about a child worded "did not attend" or "DNA" are noted too: a child is
not brought; the words hide who was responsible.
"""

from __future__ import annotations

import re
from datetime import timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import HEALTH_AGENCIES, Rule, RuleContext, uk
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

MISSED = ("appointment_missed", "appointment_cancelled")
DID_NOT_ATTEND = re.compile(r"\b(did not attend|DNA'?d?)\b", re.IGNORECASE)


@register
class WasNotBrought(Rule):
    id = "was-not-brought"
    title = "Child not brought to health appointments"
    description = "Repeated missed or cancelled health appointments for a child."
    version = 1
    severity = "medium"
    learning = "004 theme 3: 'was not brought'; children depend on adults to bring them"

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags: list[Flag] = []
        worded = _worded_did_not_attend(context.timeline)
        for child in context.children():
            entries = context.about(child.id)
            flags.extend(self._missed(context, child, entries))
            rows = context.index.rows(child.id)
            flags.extend(self._worded(context, child, rows[worded[rows]].tolist()))
        return flags

    def _missed(self, context: RuleContext, child: Person, entries: pd.DataFrame) -> list[Flag]:
        missed = entries[
            entries["event_type"].isin(MISSED) & entries["agency"].isin(HEALTH_AGENCIES)
        ]
        days, needed = int(context.settings["window_days"]), int(context.settings["count"])
        dates = missed["occurred_from"].to_numpy()
        for start in range(len(missed)):
            first = missed["occurred_from"].iloc[start]
            last_day = (first + timedelta(days=days)).to_datetime64()
            within = (dates >= first.to_datetime64()) & (dates <= last_day)
            if within.sum() >= needed:
                window = missed[within]
                last = window["occurred_from"].max()
                text = (
                    f"{child.name} was not brought to {len(window)} health appointments"
                    f" between {uk(first)} and {uk(last)} (the rule looks for {needed} within"
                    f" {days} days)."
                )
                return [
                    self.flag(
                        context,
                        child,
                        window,
                        text,
                        window=Window(from_date=first.date(), to_date=last.date()),
                    )
                ]
        return []

    def _worded(self, context: RuleContext, child: Person, worded: list[int]) -> list[Flag]:
        """One low flag for each of the child's entries (`worded`: timeline positions) worded
        'did not attend'."""
        return [
            self.flag_at(
                context,
                child,
                [n],
                f"An entry about {child.name} says 'did not attend' or 'DNA': a child is"
                " not brought, and the record should say who was responsible.",
                severity="low",
                title="A child's missed appointment worded 'did not attend'",
            )
            for n in worded
        ]


def _worded_did_not_attend(timeline: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Which of the timeline's entries say "did not attend" or "DNA" (summary or detail)."""
    if timeline.empty:
        return np.zeros(0, dtype=bool)
    text = timeline["summary"].fillna("") + " " + timeline["detail"].fillna("")
    return text.map(lambda words: bool(DID_NOT_ATTEND.search(words))).to_numpy(dtype=bool)
