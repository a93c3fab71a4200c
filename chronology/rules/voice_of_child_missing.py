"""voice-of-child-missing: a child visited, assessed or conferenced without being heard
(RULES.md rule 9).

For each child separately: two or more visits, assessments or conferences about the child
within a 3-month span (both settings), and no entry about the child in that span recording that
the child was seen with their voice or presentation recorded (`child_voice` not blank, and
`child_seen` not `no`). High where a brother or sister (a sibling in the family graph, or a
child in the same household) had their voice recorded in the same span and this child did not.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Flag, Window
from chronology.rules.registry import register

CONTACTS = (
    "home_visit",
    "new_birth_visit",
    "assessment_started",
    "assessment_completed",
    "section47_started",
    "initial_cp_conference",
    "cp_review_conference",
    "core_group",
)
SIBLINGS = ("sibling", "half_sibling")


@register
class VoiceOfChildMissing(Rule):
    id = "voice-of-child-missing"
    title = "Child's voice not recorded"
    description = (
        "Visits, assessments or conferences about a child in 3 months with none recording that"
        " the child was seen and their voice or presentation recorded."
    )
    version = 1
    severity = "medium"
    learning = "004 theme 3: the voice of the child; 001: 'each child needs to be heard'"

    def evaluate(self, context: RuleContext) -> list[Flag]:
        flags: list[Flag] = []
        if context.timeline.empty:
            return flags
        days = int(context.settings.get("window_days", 92))
        needed = int(context.settings.get("count", 2))
        types = tuple(context.settings.get("event_types", CONTACTS))
        heard = _Heard(context)
        for child in context.children():
            entries = context.about(child.id).sort_values("occurred_from", kind="stable")
            contacts = entries[entries["event_type"].isin(types)]
            for first, end in _unheard_spans(contacts, heard.days(child.id), days, needed):
                span = contacts.iloc[first:end]
                flags.append(self._flag(context, heard, child, span, days, needed))
        return flags

    def _flag(
        self,
        context: RuleContext,
        heard_by: _Heard,
        child: Person,
        span: pd.DataFrame,
        days: int,
        needed: int,
    ) -> Flag:
        first = span["occurred_from"].iloc[0]
        end = first + timedelta(days=days)
        last = span["occurred_from"].max()
        kinds = ", ".join(
            f"{count} {str(kind).replace('_', ' ')}"
            for kind, count in span["event_type"].value_counts(sort=False).items()
        )
        text = (
            f"{child.name}: {len(span)} visits, assessments or conferences between {uk(first)}"
            f" and {uk(last)} ({kinds}) and none records that {child.name} was seen and their"
            f" voice or presentation recorded (the rule looks for {needed} within {days} days)."
        )
        heard = {
            sibling
            for sibling in _siblings(context, child, first)
            if heard_by.between(sibling, first, end)
        }
        rows = span
        severity = None
        if heard:
            names = ", ".join(context.people[sibling].name for sibling in sorted(heard))
            text += f" In the same period the voice of {names} was recorded."
            severity = "high"
        return self.flag(
            context,
            child,
            rows,
            text,
            severity=severity,
            window=Window(from_date=first.date(), to_date=last.date()),
        )


def _unheard_spans(
    contacts: pd.DataFrame, voiced: npt.NDArray[np.datetime64], days: int, needed: int
) -> Iterator[tuple[int, int]]:
    """(first, end) positions in `contacts` (in date order) of each span of `needed` or more
    contacts within `days` of its first with no voice recorded in it; spans do not overlap."""
    contact_days = contacts["occurred_from"].to_numpy()
    ends = contact_days + np.timedelta64(days, "D")
    firsts = np.searchsorted(contact_days, contact_days, "left")
    lasts = np.searchsorted(contact_days, ends, "right")
    voices = np.searchsorted(voiced, ends, "right") - np.searchsorted(voiced, contact_days, "left")
    start = 0
    while start < len(contacts):
        first, end = int(firsts[start]), int(lasts[start])
        if end - first >= needed and voices[start] == 0:
            yield first, end
            start += end - first
        else:
            start += 1


class _Heard:
    """When each person's voice was recorded: the dates of the entries about them with the
    child seen and their voice or presentation recorded, in order, worked out once each."""

    def __init__(self, context: RuleContext) -> None:
        self._context = context
        self._days: dict[str, npt.NDArray[np.datetime64]] = {}

    def days(self, person_id: str) -> npt.NDArray[np.datetime64]:
        if person_id not in self._days:
            entries = self._context.about(person_id)
            voiced = entries[_voice_recorded(entries).astype(bool)] if len(entries) else entries
            self._days[person_id] = np.sort(voiced["occurred_from"].to_numpy())
        return self._days[person_id]

    def between(self, person_id: str, first: pd.Timestamp, end: pd.Timestamp) -> bool:
        """Whether the person's voice was recorded from `first` to `end`."""
        days = self.days(person_id)
        return bool(
            np.searchsorted(days, end.to_datetime64(), "right")
            > np.searchsorted(days, first.to_datetime64(), "left")
        )


def _siblings(context: RuleContext, child: Person, on: pd.Timestamp) -> set[str]:
    """Brothers and sisters in the family graph, and other children in the household."""
    graph = context.graph
    if graph is None or child.id not in graph:
        return set()
    found = {
        other
        for source, target, kind in graph.edges(keys=True)
        if kind in SIBLINGS and child.id in (source, target)
        for other in (source, target)
        if other != child.id
    }
    found |= context.household(child.id, on.date()) - {child.id}
    return {
        person for person in found if person in context.people and context.people[person].is_child
    }


def _voice_recorded(entries: pd.DataFrame) -> pd.Series[bool]:
    if "child_voice" not in entries.columns:
        return pd.Series(False, index=entries.index)
    voice = entries["child_voice"].map(_filled)
    if "child_seen" in entries.columns:
        voice &= entries["child_seen"].map(lambda seen: str(seen) != "no")
    return voice


def _filled(value: Any) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and bool(str(value).strip())
    )
