"""Kept case pages (`views/web/page_cache.py`): each reader sees their own name and forms that
work for their own session; a change by anyone, in any process, shows at once; an uploader
never sees a page kept for another organisation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import HEALTH_VISITING, ExtractBuilder
from tests.pages import csrf, sign_in
from views.web.app import create_app
from views.web.page_cache import CSRF_MARK, NAME_MARK

CASE = "RR-KEPT"
PASSWORD = "correct horse battery staple"
POLICE = "Northshire Police"
ODD_NAME = "Dee O'Brien & <Co>"


def _police(rows: int) -> ExtractBuilder:
    builder = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024")
    for row in range(rows):
        builder.event(
            f"N{row}",
            f"{row + 1:02d}/09/2024",
            "police_welfare_check",
            "P1",
            summary=f"Welfare check {row}",
        )
    return builder


@pytest.fixture
def store(tmp_path: Path) -> Settings:
    return Settings(store=tmp_path / "kept.sqlite")


@pytest.fixture
def service(store: Settings, tmp_path: Path) -> Iterator[ChronologyService]:
    opened = open_service(store)
    opened.import_file(_police(3).write_csv_folder(tmp_path / "police"), CASE, "test")
    health = ExtractBuilder(organisation=HEALTH_VISITING, agency="health_visiting")
    health.person("HV-1", "Finn", "Doyle", date_of_birth="14/08/2024")
    health.event("HV-10", "20/09/2024", "new_birth_visit", "HV-1", summary="New birth visit")
    opened.import_file(health.write_csv_folder(tmp_path / "hv"), CASE, "test")
    for name, role, organisation in (
        ("Cal Chair", Role.CHAIR, None),
        (ODD_NAME, Role.REVIEWER, None),
        ("Uma Uploader", Role.UPLOADER, POLICE),
        ("Hal Uploader", Role.UPLOADER, HEALTH_VISITING),
    ):
        opened.accounts.add_user(name, role, PASSWORD, organisation, cases=[CASE])
    yield opened
    opened.close()


@pytest.fixture
def clients(service: ChronologyService) -> Iterator[list[TestClient]]:
    """Two browsers on one server: they share its kept pages."""
    app = create_app(service, secret_key="test-key")
    with (
        TestClient(app, follow_redirects=False) as first,
        TestClient(app, follow_redirects=False) as second,
    ):
        yield [first, second]


def _page(client: TestClient) -> str:
    answer = client.get(f"/cases/{CASE}?from=01/01/2024")
    assert answer.status_code == 200, answer.text[:300]
    return answer.text


def _summaries(page: str) -> set[str]:
    return set(re.findall(r"(Welfare check \d+|New birth visit)", page))


def test_each_reader_of_a_kept_page_sees_their_own_name_and_their_forms_work(
    clients: list[TestClient], service: ChronologyService
) -> None:
    chair, reviewer = clients
    chair_token, reviewer_token = (
        sign_in(chair, "Cal Chair", PASSWORD),
        sign_in(reviewer, ODD_NAME, PASSWORD),
    )
    first, second = _page(chair), _page(reviewer)
    assert "Cal Chair (chair)" in first and "Dee O&#39;Brien &amp; &lt;Co&gt; (reviewer)" in second
    assert "Cal Chair" not in second and ODD_NAME not in second
    assert set(re.findall(r'name="csrf" value="([^"]+)"', first)) == {chair_token}
    assert set(re.findall(r'name="csrf" value="([^"]+)"', second)) == {reviewer_token}
    for page in (first, second):
        assert NAME_MARK not in page and CSRF_MARK not in page

    entry = service.timeline(CASE)[0]["id"]
    rated = reviewer.post(
        f"/cases/{CASE}/entries/{entry}/rating", data={"rag": "red", "csrf": csrf(second)}
    )
    assert rated.status_code == 303
    assert 'class="rag rag-red"' in _page(chair)  # the reviewer's rating, seen by the chair


def test_an_import_by_another_process_shows_on_the_next_read(
    clients: list[TestClient], store: Settings, tmp_path: Path
) -> None:
    chair, _ = clients
    sign_in(chair, "Cal Chair", PASSWORD)
    assert _summaries(_page(chair)) == {
        "Welfare check 0",
        "Welfare check 1",
        "Welfare check 2",
        "New birth visit",
    }
    elsewhere = open_service(store)
    try:
        elsewhere.import_file(_police(5).write_csv_folder(tmp_path / "more"), CASE, "upload")
    finally:
        elsewhere.close()
    assert {"Welfare check 3", "Welfare check 4"} <= _summaries(_page(chair))


def test_uploaders_of_two_organisations_never_share_a_kept_page(clients: list[TestClient]) -> None:
    police, health = clients
    sign_in(police, "Uma Uploader", PASSWORD)
    sign_in(health, "Hal Uploader", PASSWORD)
    assert _summaries(_page(police)) == {"Welfare check 0", "Welfare check 1", "Welfare check 2"}
    assert _summaries(_page(health)) == {"New birth visit"}
    assert _summaries(_page(police)) == {"Welfare check 0", "Welfare check 1", "Welfare check 2"}


def test_a_change_to_the_partnerships_rule_file_shows_on_the_next_read(
    clients: list[TestClient], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chair, _ = clients
    sign_in(chair, "Cal Chair", PASSWORD)
    rules = tmp_path / "rules.toml"
    rules.write_text("[cumulative-risk]\nthreshold = 10\n", encoding="utf-8")
    monkeypatch.setenv("CHRONOLOGY_RULES_FILE", str(rules))
    assert "Rule <code>cumulative-risk</code>" not in _page(chair)
    rules.write_text(
        "[cumulative-risk]\nthreshold = 10\n\n[cumulative-risk.weights]\n"
        "police_welfare_check = 3\nnew_birth_visit = 2\n",  # together 11, each below 10
        encoding="utf-8",
    )
    assert "Rule <code>cumulative-risk</code>" in _page(chair)
