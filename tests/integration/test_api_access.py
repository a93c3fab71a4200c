"""Every route of the API, for no login, a wrong token and every role: who gets what.

The routes come from the app's own OpenAPI schema, so a new route without an expectation here
fails the test instead of slipping through unguarded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chronology.bootstrap import open_service
from chronology.domain.access import Via
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, ExtractBuilder
from views.web.app import create_app

CASE, OTHER = "RR-API", "RR-OTHER"
PASSWORD = "correct horse battery staple"
OPEN = 200, 200, 200  # admin, chair, reviewer
# route -> (admin, chair, reviewer, uploader, someone given only the other case)
EXPECTED = {
    "GET /api/cases": (*OPEN, 200, 200),
    "GET /api/cases/{case}/timeline": (*OPEN, 200, 404),
    "GET /api/cases/{case}/people": (*OPEN, 403, 404),
    "GET /api/cases/{case}/flags": (*OPEN, 403, 404),
    "GET /api/cases/{case}/export": (*OPEN, 403, 404),
    # each upload is the GP's extract again with a new area: all rows unchanged, one new extract
    "POST /api/cases/{case}/extracts": (201, 403, 201, 201, 404),
}
ROLES = ("admin", "chair", "reviewer", "uploader", "outsider")
QUERIES = {"GET /api/cases/{case}/export": "?format=csv"}  # what a route needs besides the case


@dataclass
class Api:
    client: TestClient
    service: ChronologyService
    tokens: dict[str, str]

    folder: Path
    sent: itertools.count[int] = field(default_factory=itertools.count)

    def get(self, path: str, who: str | None = None, token: str | None = None) -> int:
        headers = {"Authorization": f"Bearer {token or self.tokens[who]}"} if who or token else {}
        return self.client.get(path, headers=headers).status_code

    def call(self, route: str, who: str | None = None, token: str | None = None) -> int:
        """A route ("METHOD /path") for the case; a POST sends a new upload of the GP's extract."""
        method, path = route.split(" ", 1)
        if method == "GET":
            return self.get(path.format(case=CASE) + QUERIES.get(route, ""), who, token)
        headers = {"Authorization": f"Bearer {token or self.tokens[who]}"} if who or token else {}
        builder = _family(GP, "gp", "G")
        builder.area = f"Northshire {next(self.sent)}"
        upload = builder.write_json(self.folder / f"upload-{builder.area}.json")
        files = {"file": (upload.name, upload.read_bytes())}
        return self.client.post(path.format(case=CASE), headers=headers, files=files).status_code


def _family(organisation: str, agency: str, ref: str) -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=organisation, agency=agency)
        .person("F", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male")
        .event(f"{ref}1", "01/10/2024", "appointment_missed", "F")
        .event(f"{ref}2", "10/12/2024", "appointment_missed", "F")
    )


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    folder = tmp_path_factory.mktemp("api")
    service = open_service(Settings(store=folder / "api.sqlite"))
    for case, builder in (
        (CASE, _family(GP, "gp", "G")),
        (CASE, _family("NORTHSHIRE POLICE", "police", "P")),
        (OTHER, _family(GP, "gp", "O")),
    ):
        service.import_file(
            builder.write_csv_folder(folder / f"{case}-{builder.agency}"), case, "t"
        )
    accounts = service.accounts
    accounts.add_user("Ada Admin", Role.ADMIN, PASSWORD)
    accounts.add_user("Cal Chair", Role.CHAIR, PASSWORD, cases=[CASE])
    accounts.add_user("Rae Reviewer", Role.REVIEWER, PASSWORD, cases=[CASE])
    accounts.add_user("Uma Uploader", Role.UPLOADER, PASSWORD, organisation=GP, cases=[CASE])
    accounts.add_user("Oli Outsider", Role.CHAIR, PASSWORD, cases=[OTHER])
    names = ("Ada Admin", "Cal Chair", "Rae Reviewer", "Uma Uploader", "Oli Outsider")
    tokens = {role: accounts.issue_token(name) for role, name in zip(ROLES, names, strict=True)}
    with TestClient(create_app(service)) as client:
        yield Api(client, service, tokens, folder)
    service.close()


def _routes(api: Api) -> list[str]:
    """Every operation of the schema as "METHOD /path", but the health check."""
    paths = api.client.app.openapi()["paths"]  # type: ignore[attr-defined]
    assert all(set(methods) <= {"get", "post"} for methods in paths.values()), "add them to call"
    return sorted(
        f"{method.upper()} {path}"
        for path, methods in paths.items()
        for method in methods
        if path != "/health"
    )


def test_every_route_has_an_expectation(api: Api) -> None:
    assert _routes(api) == sorted(EXPECTED)


def test_no_login_and_a_wrong_token_get_401_on_every_route(api: Api) -> None:
    for route in _routes(api):
        assert api.call(route) == 401, route
        assert api.call(route, token="not-a-token") == 401, route


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_may_on_every_route(api: Api, role: str) -> None:
    for route in _routes(api):
        assert api.call(route, role) == EXPECTED[route][ROLES.index(role)], route


def test_a_case_not_given_answers_as_if_it_did_not_exist(api: Api) -> None:
    not_given = api.client.get(
        f"/api/cases/{CASE}/timeline", headers={"Authorization": f"Bearer {api.tokens['outsider']}"}
    )
    missing = api.client.get(
        "/api/cases/RR-NOWHERE/timeline",
        headers={"Authorization": f"Bearer {api.tokens['outsider']}"},
    )
    assert (not_given.status_code, not_given.json()) == (missing.status_code, missing.json())


def test_the_health_check_needs_no_login(api: Api) -> None:
    assert api.client.get("/health").json() == {"status": "ok"}


def test_the_case_list_holds_only_the_callers_cases(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.tokens['outsider']}"}
    assert api.client.get("/api/cases", headers=headers).json() == [OTHER]


def test_an_uploader_sees_only_their_own_organisations_entries(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.tokens['uploader']}"}
    entries = api.client.get(f"/api/cases/{CASE}/timeline", headers=headers).json()
    assert {entry["organisation"] for entry in entries} == {GP}
    assert len(entries) == 2


def test_flags_come_with_their_review_and_the_contract_fields(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.tokens['chair']}"}
    [flag] = [
        flag
        for flag in api.client.get(f"/api/cases/{CASE}/flags", headers=headers).json()
        if flag["rule"] == "was-not-brought"
    ]
    assert flag["review"]["status"] == "open"
    assert {"organisation", "record_ref", "occurred", "event_type"} == set(flag["evidence"][0])


def test_every_read_of_a_case_is_in_its_access_log(api: Api) -> None:
    before = len(api.service.accounts.access_log(CASE))
    assert api.get(f"/api/cases/{CASE}/people", "reviewer") == 200
    log = api.service.accounts.access_log(CASE)
    assert len(log) == before + 1
    assert (log[-1].account, log[-1].what, log[-1].via) == ("Rae Reviewer", "people", Via.API)


def test_a_bad_date_is_a_422_naming_the_parameter(api: Api) -> None:
    headers = {"Authorization": f"Bearer {api.tokens['chair']}"}
    answer = api.client.get(f"/api/cases/{CASE}/timeline?from=31/02/2024", headers=headers)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("from:")
