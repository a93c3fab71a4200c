"""The access trail: every read of a case (page, API, export, command line), who and when.

Each read is an aggregate of its own, with one event and a random id. A trail per case, or
per case and day, would be one aggregate that every reader of a busy case writes to: its
versions would conflict under concurrent reads and it would grow without bound. One event
per aggregate never conflicts and never grows; the access read model (a projection) gives a
case's whole trail with one indexed query. The event holds only the account name, what was
read ("timeline", "flags", "export"...) and how: never anything from the entries.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid4

from chronology.domain.base import Aggregate

MAX_WHAT = 100


class Via(StrEnum):
    API = "api"
    PAGE = "page"
    CLI = "cli"


class CaseAccess(Aggregate):
    """One read of one case by one user."""

    class AccessRecorded(Aggregate.Created):
        case_id: UUID
        case_ref: str
        account: str
        what: str
        via: Via

    def __init__(self, case_id: UUID, case_ref: str, account: str, what: str, via: Via) -> None:
        self.case_id, self.account, self.what, self.via = case_id, account, what, via

    @classmethod
    def record(cls, case_id: UUID, case_ref: str, account: str, what: str, via: Via) -> CaseAccess:
        return cls._create(
            cls.AccessRecorded,
            id=uuid4(),
            case_id=case_id,
            case_ref=case_ref,
            account=account,
            what=what[:MAX_WHAT],
            via=via,
        )
