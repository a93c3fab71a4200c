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

from bisect import bisect_left, bisect_right
from collections import defaultdict, namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pandas as pd

from chronology.errors import OrganisationNotFound
from chronology.people.household import household_on

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
    case = _Case(timeline)
    knowledge.refs = {row.id: (row.organisation, row.record_ref) for row in case.rows}
    knowledge.rows = case.rows
    for row in case.rows:
        _recorded_and_named(knowledge, case, row)
    for row in case.rows:
        if row.event_type == "information_shared":
            _information_shared(knowledge, case, row)
    _own_entries(knowledge, case)
    _meetings(knowledge, case, household)
    return knowledge


class _Case:
    """The timeline's rows, indexed for the questions the projection asks."""

    def __init__(self, timeline: pd.DataFrame) -> None:
        self.rows: list[Any] = entry_rows(timeline)
        self.occurred = {row.id: row.occurred_day for row in self.rows}
        self.day = {row.id: _day(row.known_from) or row.occurred_day for row in self.rows}
        self.significant = {row.id for row in self.rows if row.event_type in SIGNIFICANT}
        self.by_ref: dict[str, list[Any]] = defaultdict(list)
        self.by_owner_subject: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.by_type_subject: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.significant_by_subject: dict[str, set[str]] = defaultdict(set)
        for row in self.rows:
            self.by_ref[row.record_ref].append(row)
            for subject in row.subjects:
                self.by_owner_subject[(row.organisation, subject)].append(row)
                self.by_type_subject[(row.event_type, subject)].append(row)
                if row.id in self.significant:
                    self.significant_by_subject[subject].add(row.id)
        self.agencies: dict[str, tuple[str, str]] = {
            row.organisation: (row.agency, row.area) for row in self.rows
        }

    def receivers(self, names: Any, sharer: str) -> list[str]:
        """The organisations a `shared_with` (or `attended`) list names."""
        if not isinstance(names, list | tuple):
            return []
        found: dict[str, None] = {}
        for name in names:
            for organisation in self._resolve(str(name).strip(), sharer):
                found[organisation] = None
        return list(found)

    def _resolve(self, name: str, sharer: str) -> list[str]:
        if not name:
            return []
        folded = name.casefold()
        for organisation in self.agencies:
            if organisation.casefold() == folded:
                return [organisation]
        same_agency = [
            organisation
            for organisation, (agency, _) in self.agencies.items()
            if agency.casefold() == folded
        ]
        area = self.agencies.get(sharer, ("", ""))[1]
        local = [
            organisation for organisation in same_agency if self.agencies[organisation][1] == area
        ]
        return local or same_agency or [name]


ROW_COLUMNS = (
    "id",
    "occurred",
    "organisation",
    "agency",
    "area",
    "event_type",
    "summary",
    "subjects",
    "shared_with",
    "shared_on",
    "record_ref",
    "attributes",
    "known_from",
    "attended",
)
EntryRow = namedtuple("EntryRow", [*ROW_COLUMNS, "occurred_day"])  # type: ignore[misc]


def entry_rows(timeline: pd.DataFrame) -> list[Any]:
    """The timeline's rows as light tuples (columns read whole, not cell by cell), each with
    the day it occurred as a `date`."""
    if timeline.empty:
        return []
    columns = [timeline[name].tolist() for name in ROW_COLUMNS]
    days = timeline["occurred_from"].to_numpy().astype("datetime64[D]").tolist()
    return [EntryRow(*values) for values in zip(*columns, days, strict=True)]


def _recorded_and_named(knowledge: Knowledge, case: _Case, row: Any) -> None:
    day = case.day[row.id]
    knowledge.learn(Known(row.id, row.organisation, day, "recorded", row.id))
    shared_on = _day(row.shared_on) or day
    for receiver in case.receivers(row.shared_with, row.organisation):
        if receiver != row.organisation:
            knowledge.learn(Known(row.id, receiver, shared_on, "shared_with", row.id))


def _information_shared(knowledge: Knowledge, case: _Case, row: Any) -> None:
    receivers = [
        receiver
        for receiver in case.receivers(row.shared_with, row.organisation)
        if receiver != row.organisation
    ]
    if not receivers:
        return
    day = _day(row.shared_on) or case.occurred[row.id]
    for entry in _shared_entries(case, row, day):
        for receiver in receivers:
            knowledge.learn(Known(entry.id, receiver, day, "information_shared", row.id))


def _shared_entries(case: _Case, row: Any, day: date) -> list[Any]:
    about = row.attributes.get("about") if isinstance(row.attributes, dict) else None
    if isinstance(about, list) and about:
        named: list[Any] = []
        for ref in (str(item) for item in about):
            candidates = case.by_ref.get(ref, [])
            own = [entry for entry in candidates if entry.organisation == row.organisation]
            named.extend(own or candidates)
        return named
    since = day - timedelta(days=GENERAL_SHARING_DAYS)
    found: dict[str, Any] = {}
    for subject in row.subjects:
        for entry in case.by_owner_subject.get((row.organisation, subject), ()):
            if entry.id != row.id and since <= case.occurred[entry.id] <= day:
                found[entry.id] = entry
    return list(found.values())


def _own_entries(knowledge: Knowledge, case: _Case) -> None:
    window = timedelta(days=SAME_INCIDENT_DAYS)
    by_type_subject = {
        key: _by_day(rows) for key, rows in case.by_type_subject.items() if key[0] in SIGNIFICANT
    }
    for row in case.rows:
        if row.event_type not in SIGNIFICANT:
            continue
        when = row.occurred_day
        for subject in row.subjects:
            rows, days = by_type_subject[(row.event_type, subject)]
            start, end = bisect_left(days, when - window), bisect_right(days, when + window)
            for other in rows[start:end]:
                if other.organisation != row.organisation:
                    day = case.day[other.id]
                    knowledge.learn(Known(row.id, other.organisation, day, "own_entry", other.id))


def _by_day(rows: list[Any]) -> tuple[list[Any], list[date]]:
    ordered = sorted(rows, key=lambda row: row.occurred_day)
    return ordered, [row.occurred_day for row in ordered]


def _meetings(knowledge: Knowledge, case: _Case, household: Household | None) -> None:
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
    case: _Case, people: frozenset[str], cache: dict[frozenset[str], set[str]]
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

    def __init__(self, knowledge: Knowledge, case: _Case) -> None:
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


def _day(value: Any) -> date | None:
    """The day of an ISO date or date-time string; None for missing values."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Briefing:
    """What one organisation knew, as at a day, of the significant entries in a case."""

    organisation: str
    on: date
    known: list[tuple[Any, Known]]
    not_known: list[Any]
    refs: dict[str, tuple[str, str]]


def briefing(knowledge: Knowledge, organisation: str, on: date) -> Briefing:
    """The significant entries other organisations recorded by `on`, split by whether
    `organisation` knew of them by then (the chair's "health visiting had not been told of...")."""
    known: list[tuple[Any, Known]] = []
    not_known: list[Any] = []
    for row in knowledge.rows:
        if row.event_type not in SIGNIFICANT or row.organisation == organisation:
            continue
        if row.occurred_day > on:
            continue
        held = knowledge.first_known(row.id, organisation)
        if held is not None and held.day <= on:
            known.append((row, held))
        else:
            not_known.append(row)
    return Briefing(organisation, on, known, not_known, knowledge.refs)


def organisation_named(timeline: pd.DataFrame, name: str) -> str:
    """The case's organisation called `name` (any case), or the only one with that agency code."""
    organisations = sorted(set(timeline["organisation"])) if not timeline.empty else []
    folded = name.strip().casefold()
    for organisation in organisations:
        if organisation.casefold() == folded:
            return str(organisation)
    by_code = sorted(set(timeline.loc[timeline["agency"] == folded, "organisation"]))
    if len(by_code) == 1:
        return str(by_code[0])
    choices = "; ".join(organisations) or "none"
    raise OrganisationNotFound(
        f"no single organisation in this case is called {name.strip()!r}; give one of: {choices}"
    )
