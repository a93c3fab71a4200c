"""Who is calling, and what they may read: bearer tokens, case access, the access trail.

Every API route but `/health` needs `Authorization: Bearer <token>` (401 without a valid one).
A case not given to the caller answers 404, the same as a case that does not exist, so its
existence is not revealed. Every read of a case is recorded before it is answered.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from chronology.domain.access import Via
from chronology.domain.account import Account, Role
from chronology.service import ChronologyService

bearer = HTTPBearer(auto_error=False, description="An API token from `chronology user token`")
NOT_FOUND = "there is no such case, or it has not been given to you"


def get_service(request: Request) -> ChronologyService:
    service: ChronologyService = request.app.state.service
    return service


ServiceDep = Annotated[ChronologyService, Depends(get_service)]


def current_account(
    service: ServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Account:
    account = service.accounts.authenticate_token(credentials.credentials) if credentials else None
    if account is None:
        raise HTTPException(
            401, "a valid API token is needed", headers={"WWW-Authenticate": "Bearer"}
        )
    return account


CurrentAccount = Annotated[Account, Depends(current_account)]


def readable_case(
    service: ChronologyService, account: Account, case: str, what: str, via: Via = Via.API
) -> str:
    """The case reference if the caller may read it (the read is recorded); else 404."""
    if not service.accounts.may_read_case(account, case):
        raise HTTPException(404, NOT_FOUND)
    service.accounts.record_access(account, case, what, via)
    return case.strip()


def not_for_uploaders(account: Account) -> None:
    """Uploaders see their own organisation's entries only: not people or flags across agencies."""
    if account.role is Role.UPLOADER:
        raise HTTPException(403, "uploaders see only their own organisation's timeline")
