"""The service the views call: import a file, read a timeline. Thin: the work is in its parts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pandas as pd

from adapters.canonical import MetadataOverrides, Progress
from adapters.formats import read_extract
from chronology.accounts import AccountService
from chronology.application import Chronology, ImportOutcome
from chronology.bulk import collector_paused
from chronology.dates import LONDON
from chronology.domain.flag_review import FlagReview
from chronology.domain.match_decision import Judgement
from chronology.domain.review_work import TOPICS as REVIEW_WORK_TOPICS
from chronology.domain.review_work import CaseReviewWork, Rag
from chronology.errors import CaseNotFound, PersonNotFound
from chronology.flag_reviews import CaseReviews, fold, resolve_flag_id
from chronology.held_uploads import HeldUploads
from chronology.import_preview import ImportPreview, preview_import
from chronology.knowledge import (
    Briefing,
    briefing,
    build_knowledge,
    household_of,
    organisation_named,
)
from chronology.login_failures import LoginFailures
from chronology.people.assemble import CasePeople, assemble, person_map
from chronology.people.graph import build_graph
from chronology.projections.catchup import CatchUp
from chronology.projections.flag_review_view import FlagReviewView
from chronology.projections.freshness import Freshness, Look
from chronology.projections.people_view import PeopleView
from chronology.projections.timeline_query import TimelineQuery
from chronology.projections.timeline_view import TimelineView
from chronology.records import ParsedExtract
from chronology.review_work import ReviewWork, resolve_entry_id
from chronology.review_work import fold as fold_review_work
from chronology.rules.concern import ConcernSeries, case_concern
from chronology.rules.engine import evaluate
from chronology.rules.flag import Flag
from chronology.rules.settings import rule_settings
from chronology.strategy_discussion import StrategyDiscussion
from chronology.strategy_discussion import record as record_discussion
from chronology.timeline_frame import timeline_frame

FLAG_CACHE_SIZE = 32  # (case, day) answers kept; each is a case's flags, a few hundred at most


@dataclass
class ChronologyService:
    app: Chronology
    timeline_view: TimelineView
    timeline_catch_up: CatchUp
    people_view: PeopleView
    people_catch_up: CatchUp
    flag_review_view: FlagReviewView
    flag_review_catch_up: CatchUp
    accounts: AccountService
    held_uploads: HeldUploads  # previews waiting for their uploader's confirmation
    login_failures: LoginFailures  # failed sign-ins, counted across server processes
    _case_ids: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _people_cache: dict[str, tuple[int, CasePeople]] = field(
        default_factory=dict, init=False, repr=False
    )
    _flags_cache: dict[tuple[Any, ...], list[Flag]] = field(
        default_factory=dict, init=False, repr=False
    )
    freshness: Freshness = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.freshness = Freshness(
            (self.timeline_catch_up, self.people_catch_up, self.flag_review_catch_up),
            self.catch_up,
            also=REVIEW_WORK_TOPICS,
        )

    def read_file(
        self,
        path: Path,
        overrides: MetadataOverrides | None = None,
        progress: Progress | None = None,
        format: str | None = None,
        mapping: Path | None = None,
    ) -> ParsedExtract:
        """Reads a file in its agency format (named, or recognised from the file)."""
        with collector_paused():
            return read_extract(path, overrides, format, mapping, progress)

    def import_file(
        self,
        path: Path,
        case_ref: str,
        uploaded_by: str,
        overrides: MetadataOverrides | None = None,
    ) -> ImportOutcome:
        """Reads, validates and stores one extract; raises `ExtractRejected` if it has any error."""
        return self.import_parsed(self.read_file(path, overrides), case_ref, uploaded_by)

    def import_parsed(
        self,
        parsed: ParsedExtract,
        case_ref: str,
        uploaded_by: str,
        on_stored: Callable[[], None] | None = None,
        progress: Progress | None = None,
    ) -> ImportOutcome:
        with collector_paused():
            outcome = self.app.import_extract(parsed, case_ref.strip(), uploaded_by)
            if on_stored:
                on_stored()
            self.catch_up(progress)
        return outcome

    def catch_up(self, progress: Progress | None = None) -> int:
        """Brings the read models up to date with everything stored (by any process)."""
        projected = self.timeline_catch_up.run(progress=progress)
        return projected + self.people_catch_up.run() + self.flag_review_catch_up.run()

    def people(self, case_ref: str) -> CasePeople:
        """The case's people: mentions matched into people, with relationships and candidates."""
        return self._resolve(self._case_id(case_ref))

    def _resolve(self, case_id: str) -> CasePeople:
        """Resolved once per generation of the case's people facts (any process's change
        moves the generation on), so pages that ask several times pay once."""
        generation = self._generation(case_id)
        cached = self._people_cache.get(case_id)
        if cached is not None and cached[0] == generation:
            return cached[1]
        case_people = assemble(case_id, self.people_view.facts(case_id))
        self.people_view.store_resolved(case_id, generation, person_map(case_people))
        self._people_cache[case_id] = (generation, case_people)
        return case_people

    def _generation(self, case_id: str) -> int:
        """The case's people generation as the last look at the read models found it."""
        return self.freshness.latest().generation(case_id, self.people_view.generation)

    def _people_of(self, case_id: str) -> dict[str, list[str]]:
        """mention id (hex) -> [person id, person name], recomputed only when the case changed."""
        stored = self.people_view.resolved(case_id)
        if stored is None or stored[0] < self._generation(case_id):
            return person_map(self._resolve(case_id))
        return stored[1]

    def flags(self, case_ref: str, as_at: date | None = None) -> list[Flag]:
        """Every rule's flags for the case, from what had been recorded by `as_at` (or now).

        Kept for the same inputs (the entries and their versions, the people generation, the
        day and the rule settings), so a page read many times evaluates the rules once."""
        entries = self.timeline(case_ref, TimelineQuery(as_at=as_at))
        case_people = self.people(case_ref)
        day = as_at or datetime.now(LONDON).date()
        settings = rule_settings()
        key = (
            case_ref.strip(),
            day,
            self._generation(self._case_id(case_ref)),
            hash(tuple((e["id"], e["version"], e["status"]) for e in entries)),
            repr(settings),
        )
        if key not in self._flags_cache:
            found = evaluate(
                case_ref.strip(),
                day,
                timeline_frame(entries),
                case_people.people,
                settings,
                case_people.relationships,
            )
            while len(self._flags_cache) >= FLAG_CACHE_SIZE:
                self._flags_cache.pop(next(iter(self._flags_cache)))
            self._flags_cache[key] = found
        return list(self._flags_cache[key])

    def concern_series(self, case_ref: str, as_at: date | None = None) -> list[ConcernSeries]:
        """Each child's cumulative concern by organisation, month by month, against the
        threshold (rule 1's figures, for the chart), from what was recorded by `as_at` (or now)."""
        frame = self.timeline_dataframe(case_ref, TimelineQuery(as_at=as_at))
        day = as_at or datetime.now(LONDON).date()
        people = self.people(case_ref).people
        return case_concern(case_ref.strip(), day, frame, people, rule_settings())

    def knowledge(self, case_ref: str, organisation: str, as_at: date | None = None) -> Briefing:
        """What `organisation` (a name, or an agency code one organisation holds) knew of the
        case's significant entries as at a date (or now): the knowledge projection's briefing."""
        frame = self.timeline_dataframe(case_ref, TimelineQuery(as_at=as_at))
        day = as_at or datetime.now(LONDON).date()
        case_people = self.people(case_ref)
        graph = build_graph(case_people.people, case_people.relationships)
        known = build_knowledge(frame, day, household_of(graph))
        return briefing(known, organisation_named(frame, organisation), day)

    def decide_match(
        self,
        case_ref: str,
        left: UUID,
        right: UUID,
        judgement: Judgement | None,
        by: str,
        reason: str | None = None,
    ) -> None:
        """A reviewer's "same" or "different" on two mentions (None undoes the last decision)."""
        self._case_id(case_ref)
        self.app.decide_match(case_ref.strip(), left, right, judgement, by, reason)
        self.catch_up()

    def note_flag(self, case_ref: str, flag_id: str, text: str, by: str) -> None:
        """A reviewer's note on a flag ("discussed at panel, see minutes")."""
        self._review_flag(case_ref, flag_id, lambda review: review.add_note(text, by))

    def mark_flag_reviewed(
        self, case_ref: str, flag_id: str, by: str, note: str | None = None
    ) -> None:
        self._review_flag(case_ref, flag_id, lambda review: review.mark_reviewed(by, note))

    def dismiss_flag(self, case_ref: str, flag_id: str, reason: str, by: str) -> None:
        self._review_flag(case_ref, flag_id, lambda review: review.dismiss(reason, by))

    def reopen_flag(self, case_ref: str, flag_id: str, by: str, reason: str | None = None) -> None:
        self._review_flag(case_ref, flag_id, lambda review: review.reopen(by, reason))

    def flag_reviews(self, case_ref: str) -> CaseReviews:
        """Every flag review of the case, by flag id, including flags that no longer appear."""
        case_id = self._case_id(case_ref)  # the read models, flag reviews too, are current
        actions = self.flag_review_view.actions(case_id)
        return CaseReviews({flag: fold(flag, done) for flag, done in actions.items()})

    def _review_flag(self, case_ref: str, flag_id: str, act: Callable[[FlagReview], None]) -> None:
        """Acts on a flag the case shows now; its review then stays with its id for good."""
        flag_id = resolve_flag_id(case_ref.strip(), flag_id, self.flags(case_ref))
        self.app.review_flag(case_ref.strip(), flag_id, act)
        self.catch_up()

    def case_refs(self) -> list[str]:
        self.catch_up()
        return self.timeline_view.case_refs()

    def timeline(self, case_ref: str, query: TimelineQuery | None = None) -> list[dict[str, Any]]:
        """The merged timeline of one case, in order (occurred, then each organisation's order)."""
        case_id = self._case_id(case_ref)
        query = query or TimelineQuery()
        people = self._people_of(case_id)
        if query.people:  # a person is all of their mentions
            wanted = {str(person) for person in query.people}
            mentions = [UUID(hex=m) for m, (person, _) in people.items() if person in wanted]
            query = query.model_copy(update={"people": tuple(mentions) or query.people})
        with collector_paused():  # thousands of small dicts would set off full collections
            return self.timeline_view.entries(case_id, query, people)

    def timeline_stamp(self, case_ref: str) -> tuple[str, int, int]:
        """What a case's timeline was built from: its id, the timeline's stored position and the
        people generation. Equal stamps mean an equal timeline, so answers can be reused."""
        case_id, look = self._current_case(case_ref)
        return case_id, look.timeline, look.generation(case_id, self.people_view.generation)

    def case_stamp(self, case_ref: str) -> tuple[str, int]:
        """What everything shown of a case is built from: its id and where the last change
        to any case was stored (entries, people, flag reviews, reviewers' work). Equal
        stamps mean nothing shown has changed."""
        case_id, look = self._current_case(case_ref)
        return case_id, look.changed

    def timeline_dataframe(self, case_ref: str, query: TimelineQuery | None = None) -> pd.DataFrame:
        return timeline_frame(self.timeline(case_ref, query))

    def extracts(self, case_ref: str) -> list[dict[str, Any]]:
        return self.timeline_view.extracts(self._case_id(case_ref))

    def _case_id(self, case_ref: str) -> str:
        """The case's id, once the read models hold everything stored (by any process)."""
        return self._current_case(case_ref)[0]

    def _current_case(self, case_ref: str) -> tuple[str, Look]:
        """The case's id, and what the read models held once current with everything stored."""
        look = self.freshness.look()
        case = case_ref.strip()
        case_id = self._case_ids.get(case) or self.timeline_view.case_id_of(case)
        if case_id is None:
            raise CaseNotFound(f"there is no case {case!r} in this store")
        self._case_ids[case] = case_id  # a case, once opened, is never removed
        return case_id, look

    def close(self) -> None:
        self.app.close()

    def preview_import(
        self, parsed: ParsedExtract, case_ref: str, uploaded_by: str
    ) -> ImportPreview:
        """What importing `parsed` would change in the case now, with nothing saved (the
        upload page's preview); raises `ExtractRejected` as the import would."""
        with collector_paused():
            return preview_import(self.app.repository, parsed, case_ref.strip(), uploaded_by)

    # Reviewers' own work on a case (issue 5 item 4) and strategy discussions (item 5).

    def set_review_period(self, case_ref: str, start: date, end: date, by: str) -> None:
        """The period the review covers; a change keeps the earlier period in the history."""
        self._review(case_ref, lambda work: work.set_period(start, end, by))

    def rate_entry(self, case_ref: str, entry_id: str, rag: Rag | None, by: str) -> None:
        """An entry's significance to the review: red, amber or green (None clears it)."""
        entry = self.entry_id(case_ref, entry_id)
        self._review(case_ref, lambda work: work.rate(entry, rag, by))

    def note_entry(self, case_ref: str, entry_id: str, text: str, by: str) -> None:
        """An analysis note on an entry; notes are only ever added."""
        entry = self.entry_id(case_ref, entry_id)
        self._review(case_ref, lambda work: work.note(entry, text, by))

    def add_episode(
        self,
        case_ref: str,
        name: str,
        entry_ids: list[str],
        by: str,
        description: str | None = None,
    ) -> str:
        """A key practice episode (a named group of entries); returns its id."""
        entries = [self.entry_id(case_ref, entry) for entry in entry_ids]
        episode = str(uuid4())  # made once, so a retried save keeps it
        self._review(case_ref, lambda w: w.add_episode(episode, name, entries, by, description))
        return episode

    def change_episode(
        self,
        case_ref: str,
        episode_id: str,
        by: str,
        name: str | None = None,
        entry_ids: list[str] | None = None,
        description: str | None = None,
    ) -> None:
        """Renames an episode or replaces its entries or description (None leaves it)."""
        entries = None if entry_ids is None else [self.entry_id(case_ref, e) for e in entry_ids]
        episode = episode_id.strip()
        self._review(case_ref, lambda w: w.change_episode(episode, by, name, entries, description))

    def remove_episode(self, case_ref: str, episode_id: str, by: str) -> None:
        self._review(case_ref, lambda work: work.remove_episode(episode_id.strip(), by))

    def person_records(self, case_ref: str) -> dict[str, dict[str, Any]]:
        """Each person mention's record as its organisation sent it, by mention id: the names,
        identifiers and addresses that anonymised exports must hide."""
        case_id = self._case_id(case_ref)
        facts = self.people_view.facts(case_id)
        return {str(UUID(hex=key)): doc["record"] for key, doc in facts["mention"]}

    def set_label(self, case_ref: str, person_id: str, label: str | None, by: str) -> None:
        """A person's label in the case's anonymised exports (None or blank: the default)."""
        people = {person.id for person in self.people(case_ref).people}
        if person_id not in people:
            raise PersonNotFound(
                f"no person {person_id[:40]!r} in case {case_ref.strip()}; use an id from"
                f" `chronology people --case {case_ref.strip()} --json`"
            )
        self._review(case_ref, lambda work: work.set_label(person_id, label, by))

    def review_work(self, case_ref: str) -> ReviewWork:
        """Everything reviewers have recorded on the case, with who, when and the history."""
        self._case_id(case_ref)
        case = case_ref.strip()
        return fold_review_work(case, self.app.review_work_documents(case))

    def entry_id(self, case_ref: str, given: str) -> str:
        """The full id of an entry of the case, given whole or by its first 8+ characters."""
        case = case_ref.strip()
        return resolve_entry_id(
            case,
            given,
            lambda entry: self.app.is_entry_of(case, entry),
            lambda: [e["id"] for e in self.timeline(case, TimelineQuery(include_withdrawn=True))],
        )

    def _review(self, case_ref: str, act: Callable[[CaseReviewWork], None]) -> None:
        self._case_id(case_ref)
        self.app.review_case(case_ref.strip(), act)

    def record_strategy_discussion(
        self,
        case_ref: str,
        organisation: str,
        occurred: date,
        subjects: list[str],
        invited: list[str],
        attended: list[str],
        outcome: str,
        summary: str | None,
        by: str,
        agency: str | None = None,
        area: str | None = None,
    ) -> ImportOutcome:
        """A strategy discussion, stored as an entry of the chair's organisation so that the
        rules see it; `agency` (and `area`) only for an organisation new to the case."""
        case_id = self._case_id(case_ref)
        discussion = StrategyDiscussion.of(
            organisation, occurred, subjects, invited, attended, outcome, summary
        )
        mentions = {key: doc["record"] for key, doc in self.people_view.facts(case_id)["mention"]}
        return record_discussion(self, case_ref.strip(), discussion, mentions, by, agency, area)
