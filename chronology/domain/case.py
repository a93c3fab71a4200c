"""A case: the child (or children) a review or strategy discussion is about."""

from __future__ import annotations

from uuid import UUID

from chronology.domain import ids
from chronology.domain.base import Aggregate


class Case(Aggregate):
    """A case is opened by the first extract imported for it, under the partnership's reference."""

    class Opened(Aggregate.Created):
        case_ref: str

    def __init__(self, case_ref: str) -> None:
        self.case_ref = case_ref

    @classmethod
    def open(cls, case_ref: str) -> Case:
        return cls._create(cls.Opened, id=ids.case_id(case_ref), case_ref=case_ref)

    @staticmethod
    def id_for(case_ref: str) -> UUID:
        return ids.case_id(case_ref)
