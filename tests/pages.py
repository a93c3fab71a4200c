"""What page tests share: a test client on a service, the CSRF token of a form, signing in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from chronology.service import ChronologyService
from views.web.app import create_app


@contextmanager
def page_client(service: ChronologyService) -> Iterator[TestClient]:
    """A client that does not follow redirects, so a test sees each 303 and where it points."""
    with TestClient(create_app(service, secret_key="test-key"), follow_redirects=False) as client:
        yield client


def csrf(page: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page carries a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str) -> str:
    """Signs in through the login form; returns the new session's CSRF token."""
    token = csrf(client.get("/login").text)
    answer = client.post("/login", data={"name": name, "password": password, "csrf": token})
    assert answer.status_code == 303, answer.text[:300]
    return csrf(client.get("/cases").text)  # signing in starts a new session and token
