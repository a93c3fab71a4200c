"""A previewed upload waits in the store, sealed: any server process can confirm it, nobody
without the uploader's token can read it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings, StoreKind
from tests.builders import POLICE, ExtractBuilder
from tests.pages import csrf, sign_in
from views.web.app import create_app

CASE = "RR-HELD"
PASSWORD = "correct horse battery staple"
SUMMARY = "Call-out after a neighbour heard shouting at Flat 3"


def _police() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=POLICE, agency="police")
        .person("F", "Finn", "Doyle", date_of_birth="14/08/2024")
        .event("P1", "03/10/2024", "domestic_abuse_incident", "F", summary=SUMMARY)
    )


@pytest.fixture
def two_servers(store_settings: Settings) -> Iterator[tuple[ChronologyService, ChronologyService]]:
    """Two server processes' services over one store, as `serve --workers 2` runs."""
    if store_settings.kind is StoreKind.MEMORY:
        pytest.skip("an in-memory store belongs to one process")
    first, second = open_service(store_settings), open_service(store_settings)
    first.accounts.add_user("Pat Police", Role.UPLOADER, PASSWORD, POLICE, cases=[CASE])
    yield first, second
    first.close()
    second.close()


def _client(service: ChronologyService, cookies: object = None) -> TestClient:
    app = create_app(service, secret_key="shared-key")
    return TestClient(app, follow_redirects=False, cookies=cookies)  # type: ignore[arg-type]


def _preview(client: TestClient, path: Path) -> str:
    token = csrf(client.get(f"/cases/{CASE}/upload").text)
    files = {"file": (path.name, path.read_bytes())}
    page = client.post(f"/cases/{CASE}/upload", data={"csrf": token}, files=files).text
    assert "/upload/confirm" in page, page[:500]
    return page


def _confirm_token(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_a_preview_made_by_one_process_is_confirmed_by_another(
    two_servers: tuple[ChronologyService, ChronologyService], tmp_path: Path
) -> None:
    first, second = two_servers
    with _client(first) as one:
        sign_in(one, "Pat Police", PASSWORD)
        page = _preview(one, _police().write_xlsx(tmp_path / "police.xlsx"))
        with _client(second, one.cookies) as other:
            form = {"csrf": csrf(page), "token": _confirm_token(page)}
            done = other.post(f"/cases/{CASE}/upload/confirm", data=form)
            assert done.status_code == 200, done.text[:500]
            again = other.post(f"/cases/{CASE}/upload/confirm", data=form)
            assert again.status_code == 410, "a preview is stored at most once"
    assert [entry["summary"] for entry in first.timeline(CASE)] == [SUMMARY]


def test_the_held_upload_is_sealed_and_opens_only_with_its_token(
    two_servers: tuple[ChronologyService, ChronologyService], tmp_path: Path
) -> None:
    first, _ = two_servers
    with _client(first) as one:
        sign_in(one, "Pat Police", PASSWORD)
        page = _preview(one, _police().write_xlsx(tmp_path / "police.xlsx"))
    held = first.held_uploads
    with held.reading() as cursor:
        rows = held.rows(cursor, "SELECT * FROM held_uploads")
    assert len(rows) == 1
    stored = b"".join(str(value).encode() for value in rows[0].values() if value is not None)
    stored += bytes(rows[0]["sealed"])
    for personal in (b"Finn", b"Doyle", b"neighbour", b"Pat Police", CASE.encode()):
        assert personal not in stored
    pending = one.app.state.pending_uploads  # type: ignore[attr-defined]
    assert pending.take(_confirm_token(page)[:-2] + "xx", "Pat Police", CASE) is None
    assert pending.take(_confirm_token(page), "Pat Police", CASE) is not None
