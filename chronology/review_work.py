"""A case's review work as pages, exports and the command line read it: a frozen snapshot.

It is folded from the stored events of the case's `CaseReviewWork` aggregate, oldest first,
so it carries who and when for everything: the review period, each entry's rating and notes,
the key practice episodes as they stand, and every action in order for an audit view (a
changed period, a cleared rating and a removed episode stay there).

The fold reads each event's stored JSON (as the read models do) rather than rebuilding the
pydantic events, and builds plain frozen dataclasses: a review of 2,000 actions then reads
in a few tens of milliseconds (benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from pydantic import TypeAdapter

from chronology.domain.review_work import CaseReviewWork, Rag
from chronology.errors import ChronologyError

Document = dict[str, Any]
SHORT_ID = 8  # the fewest first characters that name an entry (as flags are named)


class EntryNotFound(ChronologyError):
    """An entry id that is not an entry of the case."""

    def __init__(self, case_ref: str, given: str) -> None:
        super().__init__(
            f"no entry {given[:40]!r} in case {case_ref}; use an id from"
            f" `chronology timeline --case {case_ref} --json`"
        )


def resolve_entry_id(
    case_ref: str,
    given: str,
    is_entry: Callable[[UUID], bool],
    entry_ids: Callable[[], Iterable[str]],
) -> str:
    """The full id of the case's entry that `given` names, whole or by its first eight or
    more characters; refused when it names none, or (by a prefix) several."""
    text = given.strip().lower()
    try:
        whole: UUID | None = UUID(text)
    except ValueError:
        whole = None
    if whole is not None:
        if is_entry(whole):
            return str(whole)
        raise EntryNotFound(case_ref, text)
    matching = {key for key in entry_ids() if len(text) >= SHORT_ID and key.startswith(text)}
    if len(matching) != 1:
        raise EntryNotFound(case_ref, text)
    return matching.pop()


@dataclass(frozen=True, slots=True)
class ReviewPeriod:
    start: date
    end: date
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Rating:
    rag: Rag
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class AnalysisNote:
    text: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class EntryReview:
    """A reviewer's significance rating and analysis notes on one timeline entry."""

    entry_id: str
    rating: Rating | None = None
    notes: tuple[AnalysisNote, ...] = ()


@dataclass(frozen=True, slots=True)
class Episode:
    """A key practice episode: who added it and when, and who last changed it."""

    id: str
    name: str
    entry_ids: tuple[str, ...]
    description: str | None
    by: str
    at: datetime
    changed_by: str | None = None
    changed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReviewAction:
    """One thing a reviewer did; `text` is the note, rating, period or episode name."""

    action: str
    by: str
    at: datetime
    entry_id: str | None = None
    episode_id: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class ReviewWork:
    """Everything reviewers have recorded on a case, as it stands, with its history."""

    case_ref: str
    period: ReviewPeriod | None = None
    entries: dict[str, EntryReview] = field(default_factory=dict)
    episodes: tuple[Episode, ...] = ()
    history: tuple[ReviewAction, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # person id -> anonymised label

    def of(self, entry_id: str) -> EntryReview:
        """The rating and notes of an entry (none if nobody has rated or noted it)."""
        return self.entries.get(entry_id) or EntryReview(entry_id=entry_id)

    def document(self) -> Document:
        """The snapshot as JSON-ready values (dates as ISO text)."""
        result: Document = _AS_JSON.dump_python(self, mode="json")
        return result


_AS_JSON = TypeAdapter(ReviewWork)


class _Folding:
    """The snapshot being built, one stored event at a time."""

    def __init__(self) -> None:
        self.period: ReviewPeriod | None = None
        self.ratings: dict[str, Rating | None] = {}
        self.notes: dict[str, list[AnalysisNote]] = {}
        self.episodes: dict[str, Episode] = {}
        self.history: list[ReviewAction] = []
        self.labels: dict[str, str] = {}

    def label_set(self, event: Document, by: str, at: datetime) -> None:
        person, label = event["person_id"], event["label"]
        if label is None:
            self.labels.pop(person, None)
        else:
            self.labels[person] = label
        self.history.append(ReviewAction("label_set", by, at, text=label))

    def period_set(self, event: Document, by: str, at: datetime) -> None:
        start, end = date.fromisoformat(event["start"]), date.fromisoformat(event["end"])
        self.period = ReviewPeriod(start, end, by, at)
        self.history.append(
            ReviewAction("period_set", by, at, text=f"{start:%d/%m/%Y} to {end:%d/%m/%Y}")
        )

    def entry_rated(self, event: Document, by: str, at: datetime) -> None:
        entry, rag = event["entry_id"], event["rag"]
        self.ratings[entry] = None if rag is None else Rating(Rag(rag), by, at)
        action = "rating_cleared" if rag is None else "entry_rated"
        self.history.append(ReviewAction(action, by, at, entry_id=entry, text=rag))

    def entry_noted(self, event: Document, by: str, at: datetime) -> None:
        entry, text = event["entry_id"], event["text"]
        self.notes.setdefault(entry, []).append(AnalysisNote(text, by, at))
        self.history.append(ReviewAction("entry_noted", by, at, entry_id=entry, text=text))

    def episode_added(self, event: Document, by: str, at: datetime) -> None:
        episode = event["episode_id"]
        self.episodes[episode] = Episode(
            episode, event["name"], tuple(event["entry_ids"]), event["description"], by, at
        )
        self._episode_action("episode_added", episode, event["name"], by, at)

    def episode_changed(self, event: Document, by: str, at: datetime) -> None:
        episode = event["episode_id"]
        self.episodes[episode] = replace(
            self.episodes[episode],
            name=event["name"],
            entry_ids=tuple(event["entry_ids"]),
            description=event["description"],
            changed_by=by,
            changed_at=at,
        )
        self._episode_action("episode_changed", episode, event["name"], by, at)

    def episode_removed(self, event: Document, by: str, at: datetime) -> None:
        episode = event["episode_id"]
        removed = self.episodes.pop(episode)
        self._episode_action("episode_removed", episode, removed.name, by, at)

    def _episode_action(self, action: str, episode: str, name: str, by: str, at: datetime) -> None:
        self.history.append(ReviewAction(action, by, at, episode_id=episode, text=name))

    def entries(self) -> dict[str, EntryReview]:
        """Entries with a rating or a note (a cleared rating with no notes is nothing now)."""
        keys = [
            key
            for key in {**self.ratings, **self.notes}
            if self.ratings.get(key) or self.notes.get(key)
        ]
        return {
            key: EntryReview(key, self.ratings.get(key), tuple(self.notes.get(key, ())))
            for key in keys
        }


_FOLDERS: dict[str, Callable[[_Folding, Document, str, datetime], None]] = {
    get_topic(CaseReviewWork.PeriodSet): _Folding.period_set,
    get_topic(CaseReviewWork.EntryRated): _Folding.entry_rated,
    get_topic(CaseReviewWork.EntryNoted): _Folding.entry_noted,
    get_topic(CaseReviewWork.EpisodeAdded): _Folding.episode_added,
    get_topic(CaseReviewWork.EpisodeChanged): _Folding.episode_changed,
    get_topic(CaseReviewWork.EpisodeRemoved): _Folding.episode_removed,
    get_topic(CaseReviewWork.LabelSet): _Folding.label_set,
}


def fold(case_ref: str, documents: Iterable[tuple[str, Document]]) -> ReviewWork:
    """The snapshot of a case's review work from its events' (topic, stored JSON), oldest
    first. `Started` and any topic this version does not know record nothing a reader sees."""
    folding = _Folding()
    for topic, event in documents:
        handler = _FOLDERS.get(topic)
        if handler is not None:
            handler(folding, event, event["by"], datetime.fromisoformat(event["timestamp"]))
    return ReviewWork(
        case_ref=case_ref,
        period=folding.period,
        entries=folding.entries(),
        episodes=tuple(folding.episodes.values()),
        history=tuple(folding.history),
        labels=folding.labels,
    )
