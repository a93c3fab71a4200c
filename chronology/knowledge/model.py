"""What the knowledge projection holds: who knew of each entry, from when, and how."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

# RULES.md rule 3: the entries whose news every agency working with the child needs.
SIGNIFICANT = frozenset(
    {
        "domestic_abuse_incident",
        "injury_observed",
        "ed_attendance",
        "arrest",
        "missing_episode",
        "marac_referral",
        "cp_plan_started",
        "cp_plan_ended",
        "case_closed",
        "moved_area",
        "address_change",
    }
)
MEETINGS = frozenset(
    {
        "strategy_discussion",
        "initial_cp_conference",
        "cp_review_conference",
        "core_group",
        "marac_meeting",
    }
)
SAME_INCIDENT_DAYS = 3
GENERAL_SHARING_DAYS = 30
HOW_ORDER = {"recorded": 0, "own_entry": 1, "shared_with": 2, "information_shared": 3, "meeting": 4}

Household = Callable[[str, date], set[str]]


@dataclass(frozen=True)
class Known:
    """One organisation's knowledge of one entry: from when, how, and through which entry."""

    entry: str
    organisation: str
    day: date
    how: str
    via: str | None

    def describe(self, refs: dict[str, tuple[str, str]]) -> str:
        """Plain English for a reader, e.g. "on 03/10/2024 at a meeting (NCSC NC-10703)"."""
        words = {
            "recorded": "recorded it",
            "own_entry": "recorded the same incident itself",
            "shared_with": "was named as told on the entry",
            "information_shared": "was sent it",
            "meeting": "heard of it at a meeting",
        }[self.how]
        where = ""
        if self.via and self.via != self.entry and self.via in refs:
            organisation, ref = refs[self.via]
            where = f" ({organisation} {ref})"
        return f"{words} on {self.day:%d/%m/%Y}{where}"


@dataclass
class Knowledge:
    """The earliest way each organisation came to know each entry."""

    as_at: date
    first: dict[tuple[str, str], Known] = field(default_factory=dict)
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    rows: list[Any] = field(default_factory=list)  # the timeline's entries it was built from

    def learn(self, known: Known) -> bool:
        """Keep `known` if it is the earliest (then the most direct) way; True if it was kept."""
        if known.day > self.as_at:
            return False
        key = (known.entry, known.organisation)
        held = self.first.get(key)
        if held is not None and (held.day, HOW_ORDER[held.how]) <= (
            known.day,
            HOW_ORDER[known.how],
        ):
            return False
        self.first[key] = known
        return True

    def first_known(self, entry: str, organisation: str) -> Known | None:
        return self.first.get((entry, organisation))

    def knew_by(self, entry: str, organisation: str, day: date) -> bool:
        known = self.first.get((entry, organisation))
        return known is not None and known.day <= day

    def known_to(self, organisation: str, on: date) -> list[Known]:
        """Everything `organisation` knew by the end of `on`, earliest first."""
        found = [
            known
            for (_, who), known in self.first.items()
            if who == organisation and known.day <= on
        ]
        return sorted(found, key=lambda known: (known.day, known.entry))

    def knowers(self, entry: str, on: date) -> list[Known]:
        """The organisations that knew of `entry` by the end of `on`."""
        found = [
            known for (what, _), known in self.first.items() if what == entry and known.day <= on
        ]
        return sorted(found, key=lambda known: (known.day, known.organisation))

    def frame(self) -> pd.DataFrame:
        """One row per (entry, organisation): the earliest day and how."""
        rows = [vars(known) for known in self.first.values()]
        return pd.DataFrame(rows, columns=["entry", "organisation", "day", "how", "via"])
