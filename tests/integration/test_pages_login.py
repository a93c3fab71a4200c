"""Signing in to the pages: the login form, CSRF, sessions that expire, and every page behind
the login (walked from the app's own routes)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from chronology.bootstrap import open_service
from chronology.domain.access import Via
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import ExtractBuilder
from tests.pages import page_client
from views.web.app import PAGE_ROUTERS, create_app
from views.web.throttle import MOST_PER_NAME, WINDOW_SECONDS, LoginThrottle

CASE, OTHER = "RR-PAGES", "RR-NOT-YOURS"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    folder = tmp_path_factory.mktemp("pages")
    opened = open_service(Settings(store=folder / "pages.sqlite"))
    for case in (CASE, OTHER):
        builder = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024")
        builder.event("N1", "07/09/2024", "police_welfare_check", "P1")
        opened.import_file(builder.write_csv_folder(folder / case), case, "test")
    opened.accounts.add_user("Cal Chair", Role.CHAIR, PASSWORD, cases=[CASE])
    opened.accounts.add_user("Ada Admin", Role.ADMIN, PASSWORD)
    yield opened
    opened.close()


@pytest.fixture
def client(service: ChronologyService) -> Iterator[TestClient]:
    with TestClient(create_app(service, secret_key="test-key"), follow_redirects=False) as client:
        yield client


def _csrf(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, "the form carries a CSRF token"
    return found.group(1)


def _sign_in(client: TestClient, password: str = PASSWORD, name: str = "cal chair") -> int:
    form = {"name": name, "password": password, "csrf": _csrf(client)}
    return client.post("/login", data=form).status_code


def test_every_page_but_the_login_redirects_to_it_without_a_session(client: TestClient) -> None:
    pages = [
        route
        for router in PAGE_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and route.path not in ("/login", "/")
    ]
    assert pages
    for route in pages:
        for method in route.methods:
            path = route.path.format(case=CASE, flag_id="f", entry_id="e", episode_id="p")
            answer = client.request(method, path)
            assert (answer.status_code, answer.headers.get("location")) in {
                (303, "/login"),
                (422, None),  # a form post without its fields is refused before anything else
            }, route.path


def test_a_chair_signs_in_and_sees_only_their_cases(client: TestClient) -> None:
    assert _sign_in(client) == 303
    page = client.get("/cases")
    assert page.status_code == 200
    assert CASE in page.text and OTHER not in page.text
    assert "Cal Chair (chair)" in page.text


def test_a_wrong_password_is_refused_with_the_same_words_as_an_unknown_name(
    client: TestClient,
) -> None:
    assert _sign_in(client, "not the password at all") == 401
    unknown = client.post(
        "/login", data={"name": "nobody", "password": PASSWORD, "csrf": _csrf(client)}
    )
    assert unknown.status_code == 401
    assert "That name and password were not recognised." in unknown.text
    assert client.get("/cases").status_code == 303


def test_a_login_without_the_forms_csrf_token_is_refused(client: TestClient) -> None:
    _csrf(client)
    form = {"name": "Cal Chair", "password": PASSWORD, "csrf": "forged"}
    assert client.post("/login", data=form).status_code == 403
    assert client.get("/cases").status_code == 303


def test_signing_out_ends_the_session(client: TestClient) -> None:
    _sign_in(client)
    assert client.post("/logout", data={"csrf": _csrf(client, "/cases")}).status_code == 303
    assert client.get("/cases").status_code == 303


def test_a_session_expires(service: ChronologyService) -> None:
    app = create_app(service, secret_key="test-key", session_seconds=1)
    with TestClient(app, follow_redirects=False) as client:
        _sign_in(client)
        assert client.get("/cases").status_code == 200
        time.sleep(2.1)
        assert client.get("/cases").status_code == 303


def test_the_session_cookie_is_same_site_strict_and_http_only(client: TestClient) -> None:
    form = {"name": "Cal Chair", "password": PASSWORD, "csrf": _csrf(client)}
    cookie = client.post("/login", data=form).headers["set-cookie"].lower()
    assert "samesite=strict" in cookie and "httponly" in cookie


def test_a_name_is_escaped_on_the_page(service: ChronologyService, tmp_path: Path) -> None:
    service.accounts.add_user("<script>x</script>", Role.ADMIN, PASSWORD)
    with TestClient(create_app(service, secret_key="k"), follow_redirects=False) as client:
        form = {"name": "<script>x</script>", "password": PASSWORD, "csrf": _csrf(client)}
        assert client.post("/login", data=form).status_code == 303
        page = client.get("/cases").text
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_an_admin_reads_who_read_the_case_most_recent_first(
    client: TestClient, service: ChronologyService
) -> None:
    chair = service.accounts.account("Cal Chair")
    assert chair is not None
    service.accounts.record_access(chair, CASE, "timeline", Via.API)
    _sign_in(client, name="Ada Admin")
    page = client.get(f"/cases/{CASE}/access")
    assert page.status_code == 200
    rows = re.findall(
        r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", page.text
    )
    assert rows[0][1:] == ("Ada Admin", "access log", "page")
    assert ("Cal Chair", "timeline", "api") in [row[1:] for row in rows]


def test_the_access_log_is_for_admins_only(client: TestClient) -> None:
    _sign_in(client)
    assert client.get(f"/cases/{CASE}/access").status_code == 403
    assert client.get(f"/cases/{OTHER}/access").status_code == 404


def test_repeated_wrong_passwords_for_a_name_are_slowed(client: TestClient) -> None:
    now = [time.time() + 3600]  # an hour on: other tests' failures are out of the window
    state = client.app.state  # type: ignore[attr-defined]
    state.login_throttle = LoginThrottle(state.service.login_failures, clock=lambda: now[0])
    for _ in range(MOST_PER_NAME):
        assert _sign_in(client, password="not the password at all") == 401
    refused = client.post(
        "/login", data={"name": "Cal Chair", "password": PASSWORD, "csrf": _csrf(client)}
    )
    assert refused.status_code == 429 and "Try again in 15 minutes" in refused.text
    assert _sign_in(client, name="ada admin") == 303, "another name is not held up"
    now[0] += WINDOW_SECONDS
    assert _sign_in(client) == 303, "the window moves on"


def test_failures_are_counted_across_server_processes(tmp_path: Path) -> None:
    """Two apps over one store, as two worker processes: five failures in all, not each."""
    settings = Settings(store=tmp_path / "throttle.sqlite")
    first, second = open_service(settings), open_service(settings)
    first.accounts.add_user("Cal Chair", Role.CHAIR, PASSWORD, cases=[CASE])
    try:
        with page_client(first) as one, page_client(second) as other:
            for attempt in range(MOST_PER_NAME):
                browser = one if attempt % 2 else other
                assert _sign_in(browser, password="not the password at all") == 401
            assert _sign_in(one) == 429 and _sign_in(other) == 429
    finally:
        first.close()
        second.close()
