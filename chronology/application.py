"""The chronology application: imports extracts as events, atomically; answers history questions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from chronology.domain import ids
from chronology.domain.entry import Entry
from chronology.domain.extract import ImportCounts
from chronology.domain.flag_review import FlagReview
from chronology.domain.match_decision import Judgement, MatchDecision
from chronology.errors import ChronologyError, ExtractRejected
from chronology.importing import get_or_none, plan_import
from chronology.persistence import OrjsonTranscoder, PydanticApplication, PydanticMapper
from chronology.problems import Problem
from chronology.records import ParsedExtract

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


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
