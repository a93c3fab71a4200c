"""Knowledge passed on at multi-agency meetings, taken in date order."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from chronology.knowledge.model import MEETINGS, Household, Knowledge, Known
from chronology.knowledge.rows import CaseRows


def meetings(knowledge: Knowledge, case: CaseRows, household: Household | None) -> None:
    """Propagate significant entries through meetings, in date order.

    Each organisation's knowledge so far is kept as a set that grows as the meetings move
    forward in time, so a meeting costs set operations, not a walk over the history."""
    learned = _Learned(knowledge, case)
    cache: dict[frozenset[str], set[str]] = {}
    meetings = sorted(
        (row for row in case.rows if row.event_type in MEETINGS),
        key=lambda row: (case.occurred[row.id], row.id),
    )
    for meeting in meetings:
        day = case.occurred[meeting.id]
        present = {meeting.organisation, *case.receivers(meeting.attended, meeting.organisation)}
        people = set(meeting.subjects)
        if household is not None:
            for person in meeting.subjects:
                people |= household(person, day)
        relevant = _relevant(case, frozenset(people), cache)
        pooled: set[str] = set()
        for who in present:
            pooled |= learned.by(who, day) & relevant
        for who in present:
            for entry in pooled - learned.by(who, day):
                if entry != meeting.id and case.occurred[entry] <= day:
                    learned.add(who, Known(entry, who, day, "meeting", meeting.id))


def _relevant(
    case: CaseRows, people: frozenset[str], cache: dict[frozenset[str], set[str]]
) -> set[str]:
    """The significant entries about any of these people (the same group meets again and
    again: a core group each month)."""
    if people not in cache:
        found: set[str] = set()
        for person in people:
            found |= case.significant_by_subject.get(person, set())
        cache[people] = found
    return cache[people]


class _Learned:
    """Per organisation, the significant entries it knew by a day that only moves forward."""

    def __init__(self, knowledge: Knowledge, case: CaseRows) -> None:
        self.knowledge = knowledge
        self.pending: dict[str, list[tuple[date, str]]] = defaultdict(list)
        for (entry, who), known in knowledge.first.items():
            if entry in case.significant:
                self.pending[who].append((known.day, entry))
        for items in self.pending.values():
            items.sort(reverse=True)
        self.known: dict[str, set[str]] = defaultdict(set)

    def by(self, who: str, day: date) -> set[str]:
        items, known = self.pending.get(who), self.known[who]
        while items and items[-1][0] <= day:
            known.add(items.pop()[1])
        return known

    def add(self, who: str, known: Known) -> None:
        if self.knowledge.learn(known):
            self.known[who].add(known.entry)
