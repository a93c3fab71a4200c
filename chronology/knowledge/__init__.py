"""Who knew what, and from when: the knowledge projection over a case's merged timeline.

Reviews keep finding that one agency held information the others never heard. This projection
answers, for every entry, which organisations knew of it and from which day, and how:

- `recorded`: the organisation that recorded it, from its `recorded_on` (else when it happened);
- `shared_with`: each receiver named on the entry, from `shared_on` (else when it was recorded);
- `information_shared`: the receivers of an `information_shared` entry, from its `shared_on`
  (else its date), for the entries it names in `attributes.about` (record_refs of the sharer,
  or of any organisation where the sharer holds no such ref); with no `about`, for the sharer's
  own entries about the same people in the 30 days up to the sharing;
- `own_entry`: an organisation's own entry of the same type about one of the same people within
  3 days (the hospital's injury and the GP's injury are the same incident);
- `meeting`: everyone at a multi-agency meeting (the organisation that recorded it and those in
  `attended`) learns the significant entries about its subjects, and about the people living
  with them that day, that any of them knew by then. Meetings are taken in date order, so what
  one conference heard is known at the next.

Receivers are named by organisation or by agency code. A code means the organisations of that
agency in the sharer's area (health visiting in Northshire is not health visiting in Westvale);
where the case has none there, every organisation of that agency. A name matching no
organisation in the case (an outside service) is kept as written.

Only what had been recorded by the as-at date is in the timeline it is built from, and only
knowledge gained by the end of that day is kept.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pandas as pd

from chronology.knowledge.briefing import Briefing, briefing, organisation_named
from chronology.knowledge.meetings import meetings
from chronology.knowledge.model import MEETINGS, SIGNIFICANT, Household, Knowledge, Known
from chronology.knowledge.rows import CaseRows, entry_rows
from chronology.knowledge.sources import information_shared, own_entries, recorded_and_named
from chronology.people.household import household_on

__all__ = [
    "MEETINGS",
    "SIGNIFICANT",
    "Briefing",
    "Household",
    "Knowledge",
    "Known",
    "briefing",
    "build_knowledge",
    "entry_rows",
    "household_of",
    "organisation_named",
]


def household_of(graph: nx.MultiDiGraph[str]) -> Household:
    """Who lived with a person on a day, from the family network (nobody, if not in it)."""

    def household(person: str, day: date) -> set[str]:
        return household_on(graph, person, day) if person in graph else set()

    return household


def build_knowledge(
    timeline: pd.DataFrame, as_at: date, household: Household | None = None
) -> Knowledge:
    """The knowledge projection of an (as-at) timeline; `household(child, day)` widens meetings."""
    knowledge = Knowledge(as_at=as_at)
    if timeline.empty:
        return knowledge
    case = CaseRows(timeline)
    knowledge.refs = {row.id: (row.organisation, row.record_ref) for row in case.rows}
    knowledge.rows = case.rows
    for row in case.rows:
        recorded_and_named(knowledge, case, row)
    for row in case.rows:
        if row.event_type == "information_shared":
            information_shared(knowledge, case, row)
    own_entries(knowledge, case)
    meetings(knowledge, case, household)
    return knowledge
