"""A reviewer's own work on a case: the review period, significance (RAG) and analysis notes on
entries, and key practice episodes (named groups of entries).

This is the reviewer's reading of the agencies' records, never a change to them, so it lives
in one aggregate per case (its id derived from the case id), beside the entries. Every event
says who (`by`, the account name) and when (its timestamp); notes are only ever appended,
and a changed period or rating leaves the earlier one in the history.

Entry ids are checked against the case by the application (the aggregate cannot see the
entries); the aggregate checks everything it can decide alone: texts, the period's order,
which episodes exist. Actions that would change nothing record nothing, so a form sent twice
leaves one event.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.utils import get_topic

from chronology.domain.base import Aggregate
from chronology.domain.ids import NAMESPACE
from chronology.errors import ChronologyError

MAX_TEXT = 4000
MAX_NAME = 200
MAX_LABEL = 60


class Rag(StrEnum):
    """Significance of an entry to the review: red, amber or green."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class ReviewWorkRefused(ChronologyError):
    """A reviewer's action on a case that cannot be recorded as given (nothing was stored)."""


def clean_text(value: str | None, what: str, limit: int = MAX_TEXT) -> str:
    """The text without surrounding spaces; refused if empty or longer than `limit`.
    The message names the field, never its content (it may hold personal data)."""
    text = (value or "").strip()
    if not text:
        raise ReviewWorkRefused(f"the {what} is empty; give one")
    if len(text) > limit:
        raise ReviewWorkRefused(f"the {what} has {len(text):,} characters; the limit is {limit:,}")
    return text


def _optional(value: str | None, what: str) -> str | None:
    return None if value is None or not value.strip() else clean_text(value, what)


def _entry_ids(entry_ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    unique = tuple(dict.fromkeys(entry_ids))  # the reviewer's order, each entry once
    if not unique:
        raise ReviewWorkRefused("an episode needs at least one entry; give one or more entry ids")
    return unique


class EpisodeState:
    """An episode as it stands: what `change` compares against."""

    def __init__(self, name: str, entry_ids: tuple[str, ...], description: str | None) -> None:
        self.name, self.entry_ids, self.description = name, entry_ids, description

    def key(self) -> tuple[str, tuple[str, ...], str | None]:
        return self.name, self.entry_ids, self.description


class CaseReviewWork(Aggregate):
    """The review period, entry ratings and notes, and key practice episodes of one case."""

    class Started(Aggregate.Created):
        case_id: UUID

    class PeriodSet(Aggregate.Event):
        start: date
        end: date
        by: str

        def apply(self, work: CaseReviewWork) -> None:
            work.period = (self.start, self.end)

    class EntryRated(Aggregate.Event):
        entry_id: str
        rag: Rag | None  # None: the rating was cleared
        by: str

        def apply(self, work: CaseReviewWork) -> None:
            work.ratings[self.entry_id] = self.rag

    class EntryNoted(Aggregate.Event):
        entry_id: str
        text: str
        by: str

    class EpisodeAdded(Aggregate.Event):
        episode_id: str
        name: str
        entry_ids: tuple[str, ...]
        description: str | None
        by: str

        def apply(self, work: CaseReviewWork) -> None:
            work.episodes[self.episode_id] = EpisodeState(
                self.name, self.entry_ids, self.description
            )

    class EpisodeChanged(Aggregate.Event):
        """The episode as it is after the change (name, entries and description, whole)."""

        episode_id: str
        name: str
        entry_ids: tuple[str, ...]
        description: str | None
        by: str

        def apply(self, work: CaseReviewWork) -> None:
            work.episodes[self.episode_id] = EpisodeState(
                self.name, self.entry_ids, self.description
            )

    class EpisodeRemoved(Aggregate.Event):
        episode_id: str
        by: str

        def apply(self, work: CaseReviewWork) -> None:
            del work.episodes[self.episode_id]
            work.removed.add(self.episode_id)

    class LabelSet(Aggregate.Event):
        """The anonymised exports' label for a person (None: back to the default label)."""

        person_id: str
        label: str | None
        by: str

        def apply(self, work: CaseReviewWork) -> None:
            if self.label is None:
                work.labels.pop(self.person_id, None)
            else:
                work.labels[self.person_id] = self.label

    def __init__(self, case_id: UUID) -> None:
        self.labels: dict[str, str] = {}
        self.case_id = case_id
        self.period: tuple[date, date] | None = None
        self.ratings: dict[str, Rag | None] = {}
        self.episodes: dict[str, EpisodeState] = {}
        self.removed: set[str] = set()

    @staticmethod
    def id_for(case_id: UUID) -> UUID:
        return uuid5(NAMESPACE, f"review-work:{case_id}")

    @classmethod
    def start(cls, case_id: UUID) -> CaseReviewWork:
        return cls._create(cls.Started, id=cls.id_for(case_id), case_id=case_id)

    def set_period(self, start: date, end: date, by: str) -> None:
        if end < start:
            raise ReviewWorkRefused(
                f"the review period ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y});"
                " give an end on or after the start"
            )
        who = _name(by)
        if self.period != (start, end):
            self.trigger_event(self.PeriodSet, start=start, end=end, by=who)

    def rate(self, entry_id: str, rag: Rag | None, by: str) -> None:
        """Rates an entry (or, with None, clears its rating); the same rating again is a no-op."""
        who = _name(by)
        if self.ratings.get(entry_id) != rag:
            self.trigger_event(self.EntryRated, entry_id=entry_id, rag=rag, by=who)

    def note(self, entry_id: str, text: str, by: str) -> None:
        text = clean_text(text, "analysis note")
        self.trigger_event(self.EntryNoted, entry_id=entry_id, text=text, by=_name(by))

    def add_episode(
        self,
        episode_id: str,
        name: str,
        entry_ids: tuple[str, ...] | list[str],
        by: str,
        description: str | None = None,
    ) -> None:
        if episode_id in self.episodes or episode_id in self.removed:
            raise ReviewWorkRefused(f"episode {episode_id} exists already; change it instead")
        name = self._free_name(clean_text(name, "episode name", MAX_NAME), episode_id)
        self.trigger_event(
            self.EpisodeAdded,
            episode_id=episode_id,
            name=name,
            entry_ids=_entry_ids(entry_ids),
            description=_optional(description, "episode description"),
            by=_name(by),
        )

    def change_episode(
        self,
        episode_id: str,
        by: str,
        name: str | None = None,
        entry_ids: tuple[str, ...] | list[str] | None = None,
        description: str | None = None,
    ) -> None:
        """Renames an episode, replaces its entries or its description (an empty description
        clears it); what is not given stays. Changing nothing records nothing."""
        who = _name(by)
        if name is None and entry_ids is None and description is None:
            raise ReviewWorkRefused("nothing to change: give a name, entries or a description")
        now = self._episode(episode_id)
        after = EpisodeState(
            now.name if name is None else clean_text(name, "episode name", MAX_NAME),
            now.entry_ids if entry_ids is None else _entry_ids(entry_ids),
            now.description
            if description is None
            else _optional(description, "episode description"),
        )
        if after.key() == now.key():
            return
        self._free_name(after.name, episode_id)
        self.trigger_event(
            self.EpisodeChanged,
            episode_id=episode_id,
            name=after.name,
            entry_ids=after.entry_ids,
            description=after.description,
            by=who,
        )

    def remove_episode(self, episode_id: str, by: str) -> None:
        self._episode(episode_id)
        self.trigger_event(self.EpisodeRemoved, episode_id=episode_id, by=_name(by))

    def set_label(self, person_id: str, label: str | None, by: str) -> None:
        """Names a person in anonymised exports ("Mother", "Child A"); a label another person
        has is refused, since two people under one label would read as one."""
        who = _name(by)
        wanted = _optional(label, "label")
        if wanted is not None:
            wanted = clean_text(wanted, "label", MAX_LABEL)
            for other, theirs in self.labels.items():
                if other != person_id and theirs.casefold() == wanted.casefold():
                    raise ReviewWorkRefused("another person has that label; choose another")
        if self.labels.get(person_id) != wanted:
            self.trigger_event(self.LabelSet, person_id=person_id, label=wanted, by=who)

    def _episode(self, episode_id: str) -> EpisodeState:
        if episode_id in self.removed:
            raise ReviewWorkRefused(f"episode {episode_id} was removed; it cannot be changed")
        if episode_id not in self.episodes:
            raise ReviewWorkRefused(
                f"there is no episode {episode_id} in this case; see `chronology review show`"
            )
        return self.episodes[episode_id]

    def _free_name(self, name: str, episode_id: str) -> str:
        """Two episodes of one case with the same name would be told apart by nobody."""
        for other_id, other in self.episodes.items():
            if other_id != episode_id and other.name.casefold() == name.casefold():
                raise ReviewWorkRefused(
                    f"episode {other_id} already has that name; choose another name"
                )
        return name


def _name(by: str) -> str:
    return clean_text(by, "reviewer's name", MAX_NAME)


# The topics of every event of a case's review work (the case page is rebuilt when one is new).
TOPICS = tuple(
    sorted(
        get_topic(event)
        for event in vars(CaseReviewWork).values()
        if isinstance(event, type) and issubclass(event, Aggregate.Event)
    )
)
