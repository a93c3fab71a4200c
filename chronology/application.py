"""The chronology application: imports extracts as events, atomically; answers history questions."""

from __future__ import annotations

import copy
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, cast
from uuid import UUID

import orjson
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from chronology.domain import ids
from chronology.domain.entry import Entry
from chronology.domain.extract import ImportCounts
from chronology.domain.flag_review import FlagReview
from chronology.domain.match_decision import Judgement, MatchDecision
from chronology.domain.review_work import CaseReviewWork
from chronology.errors import ChronologyError, ExtractRejected
from chronology.importing import get_or_none, plan_import
from chronology.persistence import OrjsonTranscoder, PydanticApplication, PydanticMapper
from chronology.problems import Problem
from chronology.records import ParsedExtract

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
REVIEW_CACHE_SIZE = 64  # cases whose review work this process keeps (see `_review_work`)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did, for the uploader and the command line."""

    case_ref: str
    extract_id: UUID
    counts: ImportCounts
    already_imported: bool
    warnings: tuple[Problem, ...]
    last_notification_id: int | None


class Chronology(PydanticApplication):
    """Cases, extracts, entries, person mentions and relationships, as immutable events."""

    name = "Chronology"
    env: ClassVar[dict[str, str]] = {
        "TRANSCODER_TOPIC": get_topic(OrjsonTranscoder),
        "MAPPER_TOPIC": get_topic(PydanticMapper),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._review_cache: dict[UUID, CaseReviewWork] = {}
        self._review_lock = threading.Lock()

    def import_extract(
        self, parsed_extract: ParsedExtract, case_ref: str, uploaded_by: str
    ) -> ImportOutcome:
        """Stores a whole extract in one transaction, or nothing if it has any error.

        Deterministic ids make a second upload of the same file a no-op and a corrected
        file a set of amendments. A concurrent upload to the same case surfaces as a
        version conflict; the import is then planned again against the new state.
        """
        if parsed_extract.errors or parsed_extract.metadata is None:
            raise ExtractRejected(list(parsed_extract.problems))
        for attempt in range(1, MAX_ATTEMPTS + 1):
            plan = plan_import(self.repository, parsed_extract, case_ref, uploaded_by)
            if plan.already_imported:
                return self._already_imported(parsed_extract, case_ref, plan.extract_id)
            try:
                recordings = self.save(*plan.aggregates)
            except IntegrityError:
                log.info(
                    "import conflicted with another upload (attempt %d); planning again", attempt
                )
                continue
            last = recordings[-1].notification.id if recordings else None
            return ImportOutcome(
                case_ref,
                plan.extract_id,
                ImportCounts(**plan.counts),
                False,
                tuple(parsed_extract.warnings),
                last,
            )
        raise ChronologyError("the case is busy with other uploads; try again in a moment")

    def _already_imported(
        self, parsed: ParsedExtract, case_ref: str, extract_id: UUID
    ) -> ImportOutcome:
        counts = ImportCounts(
            entries_unchanged=len(parsed.entries),
            people_unchanged=len(parsed.people),
            relationships_unchanged=len(parsed.relationships),
            warnings=len(parsed.warnings),
        )
        return ImportOutcome(case_ref, extract_id, counts, True, tuple(parsed.warnings), None)

    def entry_history(self, case_ref: str, organisation: str, record_ref: str) -> list[Entry.Event]:
        """Every version of an entry, oldest first (recorded, amended, withdrawn)."""
        entry_id = ids.entry_id(ids.case_id(case_ref), organisation, record_ref)
        return list(self.events.get(entry_id))  # type: ignore[arg-type]

    def decide_match(
        self,
        case_ref: str,
        left: UUID,
        right: UUID,
        judgement: Judgement | None,
        by: str,
        reason: str | None = None,
    ) -> None:
        """Records a reviewer's "same" / "different" (or, with None, undoes the last one)."""
        case_id = ids.case_id(case_ref)
        if left == right:
            raise ChronologyError("a mention cannot be matched with itself")
        decision = get_or_none(self.repository, MatchDecision.id_for(case_id, left, right))
        if decision is None and judgement is None:
            raise ChronologyError("there is no decision on these two mentions to undo")
        if decision is None:
            assert judgement is not None
            decision = MatchDecision.make(case_id, left, right, judgement, by, reason)
        elif judgement is None:
            decision.undo(by, reason)
        else:
            decision.change(judgement, by, reason)
        self.save(decision)

    def review_flag(self, case_ref: str, flag_id: str, act: Callable[[FlagReview], None]) -> None:
        """Records one reviewer action on a flag's review, starting the review on the first.

        Two reviewers acting on the same flag at once surface as a version conflict; the
        action is then applied again to the newer review.
        """
        review_id = FlagReview.id_for(ids.case_id(case_ref), flag_id)
        for _ in range(MAX_ATTEMPTS):
            review = get_or_none(self.repository, review_id)
            review = review or FlagReview.start(ids.case_id(case_ref), flag_id)
            act(review)
            try:
                self.save(review)
                return
            except IntegrityError:
                continue
        raise ChronologyError("the flag's review is busy with other reviewers; try again")

    def has_case(self, case_ref: str) -> bool:
        return get_or_none(self.repository, ids.case_id(case_ref)) is not None

    def review_case(self, case_ref: str, act: Callable[[CaseReviewWork], None]) -> None:
        """Records one reviewer action on the case's review work (period, rating, note,
        episode), starting it on the first. Every reviewer of a case writes to this one
        aggregate, so a version conflict means another action landed first: the action is
        applied again to the newer state, after a short random pause that lets a burst of
        writers spread out. An action that changes nothing stores nothing.
        """
        case_id = ids.case_id(case_ref)
        for attempt in range(MAX_ATTEMPTS):
            work = self._review_work(case_id)
            act(work)
            if all(isinstance(e, CaseReviewWork.Started) for e in work.pending_events):
                return
            try:
                self.save(work)
            except IntegrityError:
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                continue
            self._keep_review(case_id, work)
            return
        raise ChronologyError("the case's review is busy with other reviewers; try again")

    def _keep_review(self, case_id: UUID, work: CaseReviewWork) -> None:
        with self._review_lock:  # web requests save from several threads
            self._review_cache[case_id] = work
            while len(self._review_cache) > REVIEW_CACHE_SIZE:
                del self._review_cache[next(iter(self._review_cache))]

    def _review_work(self, case_id: UUID) -> CaseReviewWork:
        """The case's review work as stored now. A long review holds thousands of events, so
        this process keeps the last one it saved and reads only the events after it."""
        work_id = CaseReviewWork.id_for(case_id)
        cached = self._review_cache.get(case_id)
        if cached is None:
            return get_or_none(self.repository, work_id) or CaseReviewWork.start(case_id)
        work = copy.deepcopy(cached)  # the cached one is never changed: a failed save leaves it
        for event in self.events.get(work_id, gt=work.version):
            cast(CaseReviewWork.Event, event).mutate(work)
        return work

    def review_work_documents(self, case_ref: str) -> list[tuple[str, dict[str, Any]]]:
        """The events of the case's review work as (topic, stored JSON), oldest first.

        Decoded as the read models decode events, without building each pydantic event:
        that is most of the cost of reading a review of thousands of actions.
        """
        work_id = CaseReviewWork.id_for(ids.case_id(case_ref))
        return [
            (stored.topic, self._decoded(stored.state))
            for stored in self.recorder.select_events(work_id)
        ]

    def _decoded(self, state: bytes) -> dict[str, Any]:
        if self.mapper.cipher:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor:
            state = self.mapper.compressor.decompress(state)
        document: dict[str, Any] = orjson.loads(state)
        return document

    def is_entry_of(self, case_ref: str, entry_id: UUID) -> bool:
        """Whether `entry_id` is an entry (of any status) of this case."""
        found = get_or_none(self.repository, entry_id)
        return isinstance(found, Entry) and found.case_id == ids.case_id(case_ref)
