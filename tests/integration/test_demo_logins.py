"""`make demo`'s promise: the demo logins it prints each sign in and show their role's view."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from chronology.bootstrap import open_service
from chronology.service import ChronologyService
from chronology.settings import Settings
from views.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from views.web.app import create_app


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ChronologyService, str]]:
    printed = io.StringIO()
    store = tmp_path_factory.mktemp("demo") / ".demo" / "chronology.sqlite"
    load_demo(store, Console(file=printed, width=200))
    service = open_service(Settings(store=store))
    yield service, printed.getvalue()
    service.close()


def _sign_in(client: TestClient, name: str) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    form = {"name": name, "password": DEMO_PASSWORD, "csrf": token.group(1)}
    assert client.post("/login", data=form).status_code == 303


def test_the_demo_prints_its_logins(demo: tuple[ChronologyService, str]) -> None:
    _, printed = demo
    assert DEMO_PASSWORD in printed
    for name, role, *_ in DEMO_ACCOUNTS:
        assert re.search(rf"{name}\s+{role.value}", printed)


def test_the_home_page_opens_on_the_login_form(demo: tuple[ChronologyService, str]) -> None:
    with TestClient(create_app(demo[0])) as client:
        answer = client.get("/")
        assert answer.url.path == "/login" and 'name="password"' in answer.text


@pytest.mark.parametrize(
    ("name", "cases", "sees_flags"),
    [
        ("demo-admin", ["DEMO-001", "DEMO-002"], True),
        ("demo-reviewer", ["DEMO-001", "DEMO-002"], True),
        ("demo-chair", ["DEMO-001"], True),
        ("demo-police", ["DEMO-001"], False),
    ],
)
def test_each_demo_login_shows_its_roles_view(
    demo: tuple[ChronologyService, str], name: str, cases: list[str], sees_flags: bool
) -> None:
    with TestClient(create_app(demo[0]), follow_redirects=False) as client:
        _sign_in(client, name)
        listing = client.get("/cases").text
        assert [case for case in ("DEMO-001", "DEMO-002") if f">{case}</a>" in listing] == cases
        page = client.get("/cases/DEMO-001?from=01/01/2023").text
        assert ('id="flags"' in page) is sees_flags
        organisations = set(
            re.findall(r'<tr id="e-[^"]+"[^>]*>\s*<td class="date">[^<]*</td>\s*<td>([^<]+)<', page)
        )
        assert organisations == {"Northshire Police"} if not sees_flags else len(organisations) > 5
