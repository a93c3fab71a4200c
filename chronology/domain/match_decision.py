"""A reviewer's judgement that two person mentions are, or are not, the same person.

Decisions are events on their own aggregate, keyed by the two mention ids (which are
deterministic), so they survive re-imports and re-matching; an undo is an event too.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid5

from chronology.domain.base import Aggregate
from chronology.domain.ids import NAMESPACE


class Judgement(StrEnum):
    SAME = "same"
    DIFFERENT = "different"


class MatchDecision(Aggregate):
    """The current judgement on one pair of mentions (none after an undo)."""

    class Made(Aggregate.Created):
        case_id: UUID
        left: UUID
        right: UUID
        judgement: Judgement
        by: str
        reason: str | None

    class Changed(Aggregate.Event):
        case_id: UUID
        left: UUID
        right: UUID
        judgement: Judgement
        by: str
        reason: str | None

        def apply(self, decision: MatchDecision) -> None:
            decision.judgement = self.judgement

    class Undone(Aggregate.Event):
        case_id: UUID
        left: UUID
        right: UUID
        by: str
        reason: str | None

        def apply(self, decision: MatchDecision) -> None:
            decision.judgement = None

    def __init__(
        self,
        case_id: UUID,
        left: UUID,
        right: UUID,
        judgement: Judgement,
        by: str,
        reason: str | None,
    ) -> None:
        self.case_id, self.left, self.right = case_id, left, right
        self.judgement: Judgement | None = judgement

    @staticmethod
    def id_for(case_id: UUID, left: UUID, right: UUID) -> UUID:
        first, second = sorted((left, right))
        return uuid5(NAMESPACE, f"match-decision:{case_id}:{first}:{second}")

    @classmethod
    def make(
        cls,
        case_id: UUID,
        left: UUID,
        right: UUID,
        judgement: Judgement,
        by: str,
        reason: str | None,
    ) -> MatchDecision:
        first, second = sorted((left, right))
        return cls._create(
            cls.Made,
            id=cls.id_for(case_id, left, right),
            case_id=case_id,
            left=first,
            right=second,
            judgement=judgement,
            by=by,
            reason=reason,
        )

    def change(self, judgement: Judgement, by: str, reason: str | None) -> None:
        self.trigger_event(
            self.Changed,
            case_id=self.case_id,
            left=self.left,
            right=self.right,
            judgement=judgement,
            by=by,
            reason=reason,
        )

    def undo(self, by: str, reason: str | None) -> None:
        self.trigger_event(
            self.Undone,
            case_id=self.case_id,
            left=self.left,
            right=self.right,
            by=by,
            reason=reason,
        )
