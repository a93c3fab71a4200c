"""The API's timeline answers are reused only while the timeline is unchanged, and per viewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, POLICE, ExtractBuilder
from views.web.app import create_app

CASE = "RR-ANSWERS"
PASSWORD = "correct horse battery staple"


def _gp(summary: str = "Finn not brought to his 8-week check") -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=GP, agency="gp")
        .person("F", "Finn", "Doyle", date_of_birth="14/08/2024")
        .event("G1", "01/10/2024", "appointment_missed", "F", summary=summary)
    )


def _police() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=POLICE, agency="police")
        .person("F", "Finn", "Doyle", date_of_birth="14/08/2024")
        .event("P1", "03/10/2024", "domestic_abuse_incident", "F", summary="Police called")
    )


@pytest.fixture
def setting(tmp_path: Path) -> Iterator[tuple[ChronologyService, TestClient, Path]]:
    service = open_service(Settings(store=tmp_path / "answers.sqlite"))
    for builder in (_gp(), _police()):
        service.import_file(builder.write_json(tmp_path / f"{builder.agency}.json"), CASE, "t")
    service.accounts.add_user("Ann Reviewer", Role.REVIEWER, PASSWORD, cases=[CASE])
    service.accounts.add_user("Pat Police", Role.UPLOADER, PASSWORD, POLICE, cases=[CASE])
    with TestClient(create_app(service)) as client:
        yield service, client, tmp_path
    service.close()


def _read(client: TestClient, token: str, etag: str | None = None) -> tuple[int, str, list[str]]:
    headers = {"Authorization": f"Bearer {token}"} | ({"If-None-Match": etag} if etag else {})
    answer = client.get(f"/api/cases/{CASE}/timeline", headers=headers)
    summaries = [entry["summary"] for entry in answer.json()] if answer.status_code == 200 else []
    return answer.status_code, answer.headers["ETag"], summaries


def test_a_client_holding_the_answer_gets_304_and_every_read_is_still_recorded(
    setting: tuple[ChronologyService, TestClient, Path],
) -> None:
    service, client, _ = setting
    token = service.accounts.issue_token("Ann Reviewer")
    status, etag, summaries = _read(client, token)
    assert (status, len(summaries)) == (200, 2)
    again = client.get(
        f"/api/cases/{CASE}/timeline",
        headers={"Authorization": f"Bearer {token}", "If-None-Match": etag},
    )
    assert (again.status_code, again.content) == (304, b"")
    assert [record.what for record in service.accounts.access_log(CASE)] == ["timeline"] * 2


def test_an_amendment_is_seen_at_once_with_a_new_etag(
    setting: tuple[ChronologyService, TestClient, Path],
) -> None:
    service, client, folder = setting
    token = service.accounts.issue_token("Ann Reviewer")
    _, etag, _ = _read(client, token)
    amended = _gp("Finn not brought to his 8-week check; mother called to rebook")
    service.import_file(amended.write_json(folder / "gp-amended.json"), CASE, "t")
    status, new_etag, summaries = _read(client, token, etag)
    assert status == 200 and new_etag != etag
    assert "Finn not brought to his 8-week check; mother called to rebook" in summaries


def test_an_uploader_never_gets_the_answer_cached_for_a_reviewer(
    setting: tuple[ChronologyService, TestClient, Path],
) -> None:
    service, client, _ = setting
    reviewer = service.accounts.issue_token("Ann Reviewer")
    police = service.accounts.issue_token("Pat Police")
    assert len(_read(client, reviewer)[2]) == 2
    assert _read(client, police)[2] == ["Police called"]
    assert len(_read(client, reviewer)[2]) == 2
