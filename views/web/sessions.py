"""Page sessions: a signed cookie that expires, the signed-in account, and CSRF tokens.

The cookie (Starlette's SessionMiddleware, signed with itsdangerous) holds only the account's
name and the session's CSRF token; it is refused once older than the session length (8 hours
by default), and sent only to this site (SameSite=strict). Every form carries the CSRF token,
and every POST checks it. A page asked for without a session redirects to the login page.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from chronology.domain.account import Account, Role
from chronology.service import ChronologyService
from views.web.access import NOT_FOUND, ServiceDep

SESSION_SECONDS = 8 * 3600
LOGIN = "/login"


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, sent: str) -> None:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not secrets.compare_digest(expected, sent):
        raise HTTPException(403, "the form has expired; reload the page and try again")


def sign_in(request: Request, account: Account) -> None:
    request.session.clear()  # a new session on sign-in: nothing carried over from before
    request.session["account"] = account.name
    csrf_token(request)


def page_account(request: Request, service: ServiceDep) -> Account:
    """The signed-in account, or a redirect to the login page."""
    name = request.session.get("account")
    account = service.accounts.signed_in(name) if isinstance(name, str) else None
    if account is None:
        raise HTTPException(303, "sign in first", headers={"Location": LOGIN})
    return account


PageAccount = Annotated[Account, Depends(page_account)]


def form_case(
    request: Request,
    service: ChronologyService,
    account: Account,
    case: str,
    csrf: str,
    roles: Iterable[Role],
    what: str,
) -> str:
    """The case a form posts to, once the form's CSRF token, the caller's access to the case
    (404 otherwise, as for reads) and their role (403, naming what they tried) are checked."""
    check_csrf(request, csrf)
    if not service.accounts.may_read_case(account, case):
        raise HTTPException(404, NOT_FOUND)
    if account.role not in set(roles):
        raise HTTPException(403, f"your role ({account.role.value}) may not {what}")
    return case.strip()
