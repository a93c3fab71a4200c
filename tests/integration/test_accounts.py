"""Accounts, tokens, case access and the access trail, on the in-memory, SQLite and PostgreSQL
stores. Only hashes are stored: an argon2id hash of each password, a SHA-256 of each token."""

from __future__ import annotations

import hashlib
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chronology.accounts import AccountService
from chronology.domain.access import Via
from chronology.domain.account import AccountRefused, Role
from chronology.service import ChronologyService

PASSWORD = "correct horse battery staple"
CASE = "RR-ACCESS"
OTHER_CASE = "RR-ELSEWHERE"
POLICE = "NORTHSHIRE POLICE"


@pytest.fixture
def accounts(service: ChronologyService) -> AccountService:
    return service.accounts


def test_a_user_signs_in_with_their_password_and_not_with_another(
    accounts: AccountService,
) -> None:
    accounts.add_user("Ann Reviewer", Role.REVIEWER, PASSWORD, cases=[CASE])
    signed_in = accounts.authenticate_password("ann  reviewer", PASSWORD)
    assert signed_in is not None and signed_in.name == "Ann Reviewer"
    assert signed_in.role is Role.REVIEWER and signed_in.cases == {CASE}
    assert accounts.authenticate_password("Ann Reviewer", PASSWORD + "!") is None
    assert accounts.authenticate_password("Nobody Known", PASSWORD) is None


def test_a_second_user_of_the_same_name_is_refused(accounts: AccountService) -> None:
    accounts.add_user("Ann Reviewer", Role.REVIEWER, PASSWORD)
    with pytest.raises(AccountRefused, match="already"):
        accounts.add_user("ANN REVIEWER", Role.CHAIR, PASSWORD)


def test_an_uploader_without_an_organisation_is_refused(accounts: AccountService) -> None:
    with pytest.raises(AccountRefused, match="organisation"):
        accounts.add_user("Una Uploader", Role.UPLOADER, PASSWORD)
    assert accounts.account("Una Uploader") is None


def test_a_short_password_is_refused_without_being_repeated(accounts: AccountService) -> None:
    with pytest.raises(AccountRefused) as refused:
        accounts.add_user("Ann Reviewer", Role.REVIEWER, "tooshort")
    assert "12" in str(refused.value) and "tooshort" not in str(refused.value)


def test_an_issued_token_signs_in_and_a_wrong_one_does_not(accounts: AccountService) -> None:
    accounts.add_user("Ann Reviewer", Role.REVIEWER, PASSWORD)
    first, second = accounts.issue_token("Ann Reviewer"), accounts.issue_token("ann reviewer")
    assert first != second and len(first) >= 40
    for token in (first, second):
        found = accounts.authenticate_token(token)
        assert found is not None and found.name == "Ann Reviewer"
    assert accounts.authenticate_token(first[:-1] + ("A" if first[-1] != "A" else "B")) is None
    assert accounts.authenticate_token("") is None


def test_a_token_for_an_unknown_user_is_refused(accounts: AccountService) -> None:
    with pytest.raises(AccountRefused, match="no user"):
        accounts.issue_token("Nobody Known")


@pytest.mark.parametrize(
    ("role", "organisation", "sees_given", "sees_other"),
    [
        (Role.ADMIN, None, True, True),
        (Role.REVIEWER, None, True, False),
        (Role.CHAIR, None, True, False),
        (Role.UPLOADER, POLICE, True, False),
    ],
)
def test_admins_read_every_case_and_others_only_the_cases_given(
    accounts: AccountService,
    role: Role,
    organisation: str | None,
    sees_given: bool,
    sees_other: bool,
) -> None:
    account = accounts.add_user("Sam User", role, PASSWORD, organisation, [CASE])
    assert accounts.may_read_case(account, f" {CASE} ") is sees_given
    assert accounts.may_read_case(account, OTHER_CASE) is sees_other


def test_cases_given_later_are_readable_after_signing_in_again(accounts: AccountService) -> None:
    accounts.add_user("Bo Chair", Role.CHAIR, PASSWORD)
    accounts.give_cases("bo chair", [OTHER_CASE])
    account = accounts.authenticate_password("Bo Chair", PASSWORD)
    assert account is not None and accounts.may_read_case(account, OTHER_CASE)


def test_an_uploader_belongs_to_their_organisation_only(accounts: AccountService) -> None:
    account = accounts.add_user("Una Uploader", Role.UPLOADER, PASSWORD, POLICE, [CASE])
    assert account.belongs_to("northshire  police")
    assert not account.belongs_to("NORTHSHIRE HEALTH VISITING")


def test_every_read_is_recorded_with_who_what_how_and_when(accounts: AccountService) -> None:
    ann = accounts.add_user("Ann Reviewer", Role.REVIEWER, PASSWORD, cases=[CASE])
    bo = accounts.add_user("Bo Chair", Role.CHAIR, PASSWORD, cases=[CASE, OTHER_CASE])
    before = datetime.now(UTC)
    accounts.record_access(ann, CASE, "timeline", Via.PAGE)
    accounts.record_access(bo, OTHER_CASE, "flags", Via.API)
    accounts.record_access(bo, CASE, "export", Via.API)
    trail = accounts.access_log(CASE)
    assert [(r.account, r.what, r.via) for r in trail] == [
        ("Ann Reviewer", "timeline", Via.PAGE),
        ("Bo Chair", "export", Via.API),
    ]
    assert all(before <= record.at <= datetime.now(UTC) for record in trail)
    assert [r.what for r in accounts.access_log(OTHER_CASE)] == ["flags"]
    assert accounts.access_log("RR-NEVER-READ") == []


def test_reads_at_the_same_moment_are_all_in_the_trail(accounts: AccountService) -> None:
    ann = accounts.add_user("Ann Reviewer", Role.REVIEWER, PASSWORD, cases=[CASE])
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda n: accounts.record_access(ann, CASE, f"read {n}", Via.API), range(60)))
    trail = accounts.access_log(CASE)
    assert sorted(record.what for record in trail) == sorted(f"read {n}" for n in range(60))


def test_only_hashes_are_stored_never_the_password_or_token(
    sqlite_service: ChronologyService, tmp_path: Path
) -> None:
    accounts = sqlite_service.accounts
    accounts.add_user("Ann Reviewer", Role.REVIEWER, PASSWORD)
    token = accounts.issue_token("Ann Reviewer")
    with closing(sqlite3.connect(tmp_path / "store.sqlite")) as connection:
        rows = connection.execute("SELECT state FROM stored_events").fetchall()
    states = [bytes(state).decode() for (state,) in rows]
    stored = "\n".join(states)
    assert "$argon2id$" in stored
    assert PASSWORD not in stored and token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored
