"""A user of the chronology: their role, organisation, password hash, cases and API tokens.

One `Account` per user name, keyed by a uuid5 of the name compared without regard to case
or spacing, so "Ann Reviewer" and "ann  reviewer" are one user and a second `user add` is
refused. Only hashes are stored: the password as an argon2id hash (memory-hard, salted),
each API token as a SHA-256 hash (a token is 256 random bits, so a fast hash is enough).
No error message ever repeats a password or a token.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid5

from chronology.domain.base import Aggregate
from chronology.domain.ids import NAMESPACE, organisation_key
from chronology.errors import ChronologyError

MAX_NAME = 200


class Role(StrEnum):
    ADMIN = "admin"
    REVIEWER = "reviewer"
    CHAIR = "chair"
    UPLOADER = "uploader"


class AccountRefused(ChronologyError):
    """An account change that cannot be made as given (nothing was stored)."""


def name_key(name: str) -> str:
    """User names compare without regard to case or spacing."""
    return " ".join(name.casefold().split())


def clean_name(value: str, what: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise AccountRefused(f"the {what} is empty")
    if len(name) > MAX_NAME or not name.isprintable():
        raise AccountRefused(f"the {what} must be printable and at most {MAX_NAME} characters")
    return name


class Account(Aggregate):
    """One user: who they are, what they may do, and the hashes that prove it is them."""

    class Registered(Aggregate.Created):
        name: str
        role: Role
        organisation: str | None
        password_hash: str

    class CasesGiven(Aggregate.Event):
        case_refs: tuple[str, ...]

        def apply(self, account: Account) -> None:
            account.cases |= set(self.case_refs)

    class CasesTaken(Aggregate.Event):
        """Cases no longer given to the user (a chair moved off a case)."""

        case_refs: tuple[str, ...]

        def apply(self, account: Account) -> None:
            account.cases -= set(self.case_refs)

    class TokenIssued(Aggregate.Event):
        token_hash: str
        token_id: UUID

        def apply(self, account: Account) -> None:
            account.token_hashes.add(self.token_hash)

    class PasswordChanged(Aggregate.Event):
        password_hash: str

        def apply(self, account: Account) -> None:
            account.password_hash = self.password_hash

    class TokensWithdrawn(Aggregate.Event):
        """Every API token issued so far stops signing in (a lost laptop, a leaked script)."""

        token_hashes: tuple[str, ...]

        def apply(self, account: Account) -> None:
            account.token_hashes -= set(self.token_hashes)

    class Disabled(Aggregate.Event):
        """The user may no longer sign in: page sessions, tokens and the login form refuse them."""

        def apply(self, account: Account) -> None:
            account.disabled = True

    class Enabled(Aggregate.Event):
        def apply(self, account: Account) -> None:
            account.disabled = False

    def __init__(self, name: str, role: Role, organisation: str | None, password_hash: str) -> None:
        self.name, self.role, self.organisation = name, role, organisation
        self.password_hash = password_hash
        self.cases: set[str] = set()
        self.token_hashes: set[str] = set()
        self.disabled = False

    @staticmethod
    def id_for(name: str) -> UUID:
        return uuid5(NAMESPACE, f"account:{name_key(name)}")

    @classmethod
    def register(
        cls, name: str, role: Role, organisation: str | None, password_hash: str
    ) -> Account:
        name = clean_name(name, "user name")
        if organisation is not None:
            organisation = clean_name(organisation, "organisation")
        if role is Role.UPLOADER and organisation is None:
            raise AccountRefused(
                f"an uploader is bound to one organisation; give --organisation for {name}"
            )
        return cls._create(
            cls.Registered,
            id=cls.id_for(name),
            name=name,
            role=role,
            organisation=organisation,
            password_hash=password_hash,
        )

    def give_cases(self, case_refs: list[str]) -> None:
        new = sorted({ref.strip() for ref in case_refs if ref.strip()} - self.cases)
        if new:
            self.trigger_event(self.CasesGiven, case_refs=tuple(new))

    def take_cases(self, case_refs: list[str]) -> list[str]:
        """Takes back the cases among `case_refs` that were given; returns the others."""
        wanted = {ref.strip() for ref in case_refs if ref.strip()}
        taken = sorted(wanted & self.cases)
        if taken:
            self.trigger_event(self.CasesTaken, case_refs=tuple(taken))
        return sorted(wanted - set(taken))

    def issue_token(self, token_hash: str, token_id: UUID) -> None:
        self.trigger_event(self.TokenIssued, token_hash=token_hash, token_id=token_id)

    def change_password(self, password_hash: str) -> None:
        self.trigger_event(self.PasswordChanged, password_hash=password_hash)

    def withdraw_tokens(self) -> int:
        """Withdraws every token issued so far; returns how many there were."""
        withdrawn = tuple(sorted(self.token_hashes))
        if withdrawn:
            self.trigger_event(self.TokensWithdrawn, token_hashes=withdrawn)
        return len(withdrawn)

    def set_disabled(self, disabled: bool) -> None:
        if disabled != self.disabled:
            self.trigger_event(self.Disabled if disabled else self.Enabled)

    def belongs_to(self, organisation: str) -> bool:
        """Whether an uploader's organisation is `organisation` (compared as ids compare it)."""
        mine = self.organisation
        return mine is not None and organisation_key(mine) == organisation_key(organisation)
