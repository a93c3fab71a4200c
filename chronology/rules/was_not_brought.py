"""was-not-brought: a child repeatedly not brought to health appointments (RULES.md rule 8).

Two or more missed or cancelled health appointments for one child within six months (both
settings). Entries about a child worded "did not attend" or "DNA" are noted too: a child is
not brought; the words hide who was responsible.
"""

from __future__ import annotations

import re
from datetime import timedelta

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
        for child in context.children():
            entries = context.about(child.id)
            flags.extend(self._missed(context, child, entries))
            flags.extend(self._worded(context, child, entries))
        return flags

    def _missed(self, context: RuleContext, child: Person, entries: pd.DataFrame) -> list[Flag]:
        missed = entries[
            entries["event_type"].isin(MISSED) & entries["agency"].isin(HEALTH_AGENCIES)
        ]
        days, needed = int(context.settings["window_days"]), int(context.settings["count"])
        for start in range(len(missed)):
            first = missed.iloc[start]["occurred_from"]
            window = missed[
                (missed["occurred_from"] >= first)
                & (missed["occurred_from"] <= first + timedelta(days=days))
            ]
            if len(window) >= needed:
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

    def _worded(self, context: RuleContext, child: Person, entries: pd.DataFrame) -> list[Flag]:
        text = entries["summary"].fillna("") + " " + entries["detail"].fillna("")
        worded = entries[text.map(lambda words: bool(DID_NOT_ATTEND.search(words)))]
        return [
            self.flag(
                context,
                child,
                worded.iloc[[n]],
                f"An entry about {child.name} says 'did not attend' or 'DNA': a child is"
                " not brought, and the record should say who was responsible.",
                severity="low",
                title="A child's missed appointment worded 'did not attend'",
            )
            for n in range(len(worded))
        ]
