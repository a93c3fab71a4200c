"""Accounts and access: who may use the chronology, what they may read, and who read what.

Admins see every case; reviewers, chairs and uploaders only the cases given to them, and an
uploader only their own organisation's entries. Passwords are checked against argon2id
hashes; an unknown user costs the same hash as a wrong password, and both fail alike. API
tokens are shown once and stored only as SHA-256 hashes. Every read of a case is recorded
(`record_access`) and listed per case (`access_log`) from the access read model.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from uuid import UUID, uuid4

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.application import LRUCache, Repository
from eventsourcing.persistence import IntegrityError
from pydantic import BaseModel, ConfigDict

from chronology.access_trail import AccessTrailWriter
from chronology.application import Chronology
from chronology.domain import ids
from chronology.domain.access import CaseAccess, Via
from chronology.domain.account import Account, AccountRefused, Role
from chronology.domain.api_token import ApiToken
from chronology.importing import get_or_none
from chronology.projections.access_view import AccessView
from chronology.projections.catchup import CatchUp

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing is deliberately slow; refuse megabytes of "password"
MAX_TOKEN = 100
ATTEMPTS = 8
SIGNED_IN_CACHE = 1000  # tokens and accounts kept in memory (a few KB each)


class AccessRecord(BaseModel):
    """One read of a case, as the access log page shows it."""

    model_config = ConfigDict(frozen=True)

    account: str
    what: str
    via: Via
    at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class AccountService:
    app: Chronology
    access_view: AccessView
    access_catch_up: CatchUp
    hasher: PasswordHasher = field(default_factory=PasswordHasher)  # argon2id, RFC 9106
    trail: AccessTrailWriter = field(init=False)
    # Signing in with a token reads its account on every API request. Accounts are kept here
    # and brought up to date from the store each time (one query, for events after the
    # version held), so a change by any process (cases given, a password changed) is seen
    # at once. A token's own record never changes once issued (its account lists the tokens
    # that sign in), so which account a token belongs to is kept without asking again.
    signing_in: Repository[UUID] = field(init=False)
    _token_accounts: LRUCache[UUID, UUID] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.trail = AccessTrailWriter(self.app.save)
        self.signing_in = Repository(self.app.events, cache_maxsize=SIGNED_IN_CACHE)
        self._token_accounts = LRUCache(maxsize=SIGNED_IN_CACHE)

    def add_user(
        self,
        name: str,
        role: Role,
        password: str,
        organisation: str | None = None,
        cases: list[str] | None = None,
    ) -> Account:
        """Registers a user with the cases given to them; refused if the name is taken."""
        if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
            raise AccountRefused(
                f"the password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters"
            )
        account = Account.register(name, role, organisation, self.hasher.hash(password))
        account.give_cases(cases or [])
        if self.account(name) is not None:
            raise AccountRefused(f"there is a user {account.name!r} already")
        try:
            self.app.save(account)
        except IntegrityError:
            raise AccountRefused(f"there is a user {account.name!r} already") from None
        return account

    def account(self, name: str) -> Account | None:
        found: Account | None = get_or_none(self.app.repository, Account.id_for(name))
        return found

    def signed_in(self, name: str) -> Account | None:
        """The account of a signed-in session, as `account`, from the kept accounts brought
        up to date (one query for anything newer) rather than rebuilt on every page."""
        found: Account | None = get_or_none(self.signing_in, Account.id_for(name))
        return found if found and not found.disabled else None

    def give_cases(self, name: str, cases: list[str]) -> None:
        self._change(name, lambda account: account.give_cases(cases))

    def take_cases(self, name: str, cases: list[str]) -> None:
        """The user no longer sees these cases, from their next request; refused, with
        nothing changed, if any of them was not given to the user."""

        def take(account: Account) -> None:
            if missing := [ref.strip() for ref in cases if ref.strip() not in account.cases]:
                raise AccountRefused(
                    f"{account.name} has not been given {', '.join(map(repr, missing))}"
                )
            account.take_cases(cases)

        self._change(name, take)

    def issue_token(self, name: str) -> str:
        """A new API token for the user, returned once: only its hash is kept."""
        token = secrets.token_urlsafe(32)
        digest = token_hash(token)

        def issue(account: Account) -> list[ApiToken]:
            account.issue_token(digest, uuid4())
            return [ApiToken.issue(digest, account.id)]

        self._change(name, issue)
        return token

    def withdraw_tokens(self, name: str) -> int:
        """Every API token of the user stops signing in at once; returns how many there were."""
        withdrawn: list[int] = []
        self._change(name, lambda account: withdrawn.append(account.withdraw_tokens()))
        return withdrawn[-1]

    def set_disabled(self, name: str, disabled: bool) -> None:
        """A disabled user cannot sign in by any route; their sessions and tokens are refused
        from the next request. Enabling them again restores what they had (the tokens too,
        unless withdrawn)."""
        self._change(name, lambda account: account.set_disabled(disabled))

    def authenticate_password(self, name: str, password: str) -> Account | None:
        """The account if the password is right; None for a wrong password or unknown user."""
        account = self.account(name) if len(password) <= MAX_PASSWORD else None
        try:
            self.hasher.verify(account.password_hash if account else self._decoy, password)
        except (VerificationError, InvalidHashError):
            return None
        return account if account and not account.disabled else None

    def authenticate_token(self, token: str) -> Account | None:
        if not token or len(token) > MAX_TOKEN:
            return None
        digest = token_hash(token)
        account_id = self._token_account(ApiToken.id_for(digest))
        account: Account | None = get_or_none(self.signing_in, account_id) if account_id else None
        if account is None or account.disabled or digest not in account.token_hashes:
            return None
        return account

    def _token_account(self, token_id: UUID) -> UUID | None:
        try:
            return self._token_accounts.get(token_id)
        except KeyError:
            issued: ApiToken | None = get_or_none(self.app.repository, token_id)
            if issued is None:
                return None  # not kept: it may yet be issued
            self._token_accounts.put(token_id, issued.account_id)
            return issued.account_id

    def may_read_case(self, account: Account, case_ref: str) -> bool:
        return account.role is Role.ADMIN or case_ref.strip() in account.cases

    def record_access(self, account: Account, case_ref: str, what: str, via: Via) -> None:
        self.record_read(account.name, case_ref, what, via)

    def record_read(self, name: str, case_ref: str, what: str, via: Via) -> None:
        """Stores one read of the case by `name` (an account, or a login at the command line)."""
        case_ref = case_ref.strip()
        self.trail.record(CaseAccess.record(ids.case_id(case_ref), case_ref, name, what, via))

    def access_log(self, case_ref: str) -> list[AccessRecord]:
        """Every recorded read of the case, oldest first."""
        self.access_catch_up.run()
        trail = self.access_view.trail(ids.case_id(case_ref.strip()).hex)
        return [AccessRecord.model_validate(document) for document in trail]

    @cached_property
    def _decoy(self) -> str:
        """A hash to check unknown users' passwords against, so they take as long to refuse."""
        return self.hasher.hash(secrets.token_urlsafe(16))

    def _change(self, name: str, act: Callable[[Account], object]) -> None:
        """Applies `act` to the account and saves it (with any aggregates `act` returns),
        again on a newer version if another change got there first."""
        for _ in range(ATTEMPTS):
            account = self.account(name)
            if account is None:
                raise AccountRefused(f"there is no user {' '.join(name.split())!r}")
            others = act(account)
            try:
                self.app.save(account, *(others if isinstance(others, list) else []))
                return
            except IntegrityError:
                continue
        raise AccountRefused("the account is busy with other changes; try again")
