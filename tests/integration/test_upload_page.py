"""The upload page: choose a file, see every problem or a preview, confirm; only the account
that previewed an upload can confirm it, once, within 30 minutes; every form needs its CSRF
token; and the template workbook is there for signed-in users."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from chronology.bootstrap import open_service
from chronology.domain.access import Via
from chronology.domain.account import Role
from chronology.domain.extract import ImportCounts
from chronology.errors import CaseNotFound
from chronology.import_preview import ImportPreview
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import POLICE, police_extract
from views.web.app import create_app
from views.web.pending_uploads import WAIT_SECONDS, PendingUploads
from views.web.uploads import router as uploads_router

OTHER = "RR-NOT-YOURS"
PASSWORD = "correct horse battery staple"
UPLOADER, COLLEAGUE, REVIEWER, CHAIR = "Uma Uploader", "Pat Police", "Rae Reviewer", "Cal Chair"
_cases = itertools.count(1)


class Now:
    """A clock the test moves on, for the waiting uploads to expire by."""

    def __init__(self) -> None:
        self.seconds = time.time()

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    opened = open_service(Settings(store=tmp_path_factory.mktemp("pages") / "upload.sqlite"))
    accounts = opened.accounts
    accounts.add_user(UPLOADER, Role.UPLOADER, PASSWORD, organisation=POLICE)
    accounts.add_user(COLLEAGUE, Role.UPLOADER, PASSWORD, organisation=POLICE)
    accounts.add_user(REVIEWER, Role.REVIEWER, PASSWORD)
    accounts.add_user(CHAIR, Role.CHAIR, PASSWORD)
    yield opened
    opened.close()


@pytest.fixture
def case(service: ChronologyService) -> str:
    """A case of this test's own, given to everyone but the outsiders."""
    case = f"RR-PAGE-{next(_cases)}"
    for name in (UPLOADER, COLLEAGUE, REVIEWER, CHAIR):
        service.accounts.give_cases(name, [case])
    return case


@pytest.fixture
def now() -> Now:
    return Now()


@pytest.fixture
def app_clients(service: ChronologyService, now: Now) -> Iterator[list[TestClient]]:
    """Two browsers on one server: their sessions are their own."""
    app = create_app(service, secret_key="test-key")
    app.state.pending_uploads = PendingUploads(service.held_uploads, clock=now)
    with (
        TestClient(app, follow_redirects=False) as first,
        TestClient(app, follow_redirects=False) as second,
    ):
        yield [first, second]


@pytest.fixture
def browser(app_clients: list[TestClient]) -> TestClient:
    return _signed_in(app_clients[0], UPLOADER)


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the form carries a CSRF token"
    return found.group(1)


def _token(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, "the preview carries its confirm token"
    return found.group(1)


def _signed_in(client: TestClient, name: str) -> TestClient:
    form = {"name": name, "password": PASSWORD, "csrf": _csrf(client.get("/login").text)}
    assert client.post("/login", data=form).status_code == 303
    return client


def _send(client: TestClient, case: str, path: Path, **fields: str) -> httpx.Response:
    csrf = fields.pop("csrf", None) or _csrf(client.get(f"/cases/{case}/upload").text)
    return client.post(
        f"/cases/{case}/upload",
        data={"csrf": csrf, **fields},
        files={"file": (path.name, path.read_bytes())},
    )


def _confirm(client: TestClient, case: str, preview: httpx.Response) -> httpx.Response:
    form = {"csrf": _csrf(preview.text), "token": _token(preview.text)}
    return client.post(f"/cases/{case}/upload/confirm", data=form)


def _stored(service: ChronologyService, case: str) -> list[str]:
    try:
        return [entry["source"]["record_ref"] for entry in service.timeline(case)]
    except CaseNotFound:
        return []


def test_every_upload_page_redirects_to_the_login_without_a_session(
    app_clients: list[TestClient], case: str
) -> None:
    routes = [route for route in uploads_router.routes if isinstance(route, APIRoute)]
    assert len(routes) == 5
    for route in routes:
        for method in route.methods:
            answer = app_clients[0].request(method, route.path.format(case=case))
            assert (answer.status_code, answer.headers.get("location")) in {
                (303, "/login"),
                (422, None),  # a form post without its fields is refused before anything else
            }, route.path


def test_the_form_fixes_an_uploaders_organisation_to_their_own(
    browser: TestClient, case: str
) -> None:
    page = browser.get(f"/cases/{case}/upload")
    assert page.status_code == 200
    assert re.search(r'name="organisation" value="NORTHSHIRE POLICE" readonly', page.text)
    assert '<label for="file">' in page.text and 'href="/upload/template.xlsx"' in page.text


def test_a_reviewer_types_the_organisation_or_leaves_the_files(
    app_clients: list[TestClient], case: str
) -> None:
    page = _signed_in(app_clients[0], REVIEWER).get(f"/cases/{case}/upload")
    assert re.search(r'name="organisation" value="" maxlength="200"', page.text)


def test_an_invalid_file_gets_a_report_of_every_problem_and_nothing_is_stored(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    builder = police_extract()
    builder.event("NP-4", "31/02/2024", "arrest", "P1", "An impossible day")
    builder.event("NP-5", "2024-04-02", "not_a_code", "P1", "An unknown type")
    builder.events.append({"record_ref": "NP-6", "occurred": "2024-04-03", "subjects": "P1"})
    report = _send(browser, case, builder.write_xlsx(tmp_path / "broken.xlsx"))
    assert report.status_code == 422
    assert "broken.xlsx was not accepted: nothing was stored" in report.text
    assert "3 errors and 1 warning found." in report.text
    for place in (
        "sheet events, row 5, column occurred",
        "sheet events, row 7, column event_type",
        "sheet events, row 7, column summary",
        "sheet events, row 6, column event_type",
    ):
        assert place in report.text
    assert "Fill in summary: it is required." in report.text
    assert 'type="file"' in report.text, "the form is there to try again"
    assert _stored(service, case) == []


def test_a_valid_file_is_previewed_and_stored_only_when_confirmed(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    preview = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    assert preview.status_code == 200
    assert '<tr><th scope="row">Entries</th><td>3</td><td>0</td><td>0</td><td>0</td>' in (
        preview.text
    )
    assert "<td>new</td><td>05/03/2024 14:20</td><td>domestic abuse incident</td>" in preview.text
    assert _stored(service, case) == []
    done = _confirm(browser, case, preview)
    assert done.status_code == 200
    assert f"Added to case {case}" in done.text
    assert f'href="/cases/{case}"' in done.text
    assert _stored(service, case) == ["NP-1", "NP-2", "NP-3"]


def test_the_preview_of_a_corrected_file_shows_what_is_amended_and_withdrawn(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    service.import_file(police_extract().write_csv_folder(tmp_path / "first"), case, "t")
    corrected = police_extract()
    corrected.events[1]["summary"] = "Welfare check; Finn seen asleep in his cot"
    corrected.events[2]["status"] = "withdrawn"
    preview = _send(browser, case, corrected.write_zip(tmp_path / "corrected.zip"))
    assert (
        "<td>1</td><td>1</td><td>1</td>" in preview.text
    )  # entries: amended, unchanged, withdrawn
    assert "<td>amended</td><td>20/03/2024</td>" in preview.text
    assert "<td>withdrawn</td><td>28/03/2024</td>" in preview.text
    assert "NP-1</td>" not in preview.text, "an unchanged entry is not listed"


def test_a_script_in_a_summary_is_shown_as_text_in_the_preview(
    browser: TestClient, case: str, tmp_path: Path
) -> None:
    builder = police_extract()
    builder.events[0]["summary"] = "<script>alert('x')</script> seen at home"
    preview = _send(browser, case, builder.write_json(tmp_path / "police.json"))
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; seen at home" in preview.text
    assert "<script>" not in preview.text


def test_another_account_cannot_confirm_someone_elses_preview(
    app_clients: list[TestClient], service: ChronologyService, case: str, tmp_path: Path
) -> None:
    mine, theirs = _signed_in(app_clients[0], UPLOADER), _signed_in(app_clients[1], COLLEAGUE)
    preview = _send(mine, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    own_csrf = _csrf(theirs.get(f"/cases/{case}/upload").text)
    stolen = {"csrf": own_csrf, "token": _token(preview.text)}
    refused = theirs.post(f"/cases/{case}/upload/confirm", data=stolen)
    assert refused.status_code == 410
    assert _stored(service, case) == []
    assert _confirm(mine, case, preview).status_code == 200, "the owner still can"


def test_a_preview_cannot_be_confirmed_on_another_case(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    other = f"{case}-B"
    service.accounts.give_cases(UPLOADER, [other])
    preview = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    assert _confirm(browser, other, preview).status_code == 410
    assert _stored(service, other) == [] and _stored(service, case) == []


def test_a_preview_expires_after_30_minutes(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path, now: Now
) -> None:
    preview = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    now.seconds += WAIT_SECONDS + 1
    expired = _confirm(browser, case, preview)
    assert expired.status_code == 410
    assert "it expired after 30 minutes" in expired.text
    assert _stored(service, case) == []


def test_a_preview_is_stored_once_however_often_it_is_confirmed(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    preview = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    assert _confirm(browser, case, preview).status_code == 200
    assert _confirm(browser, case, preview).status_code == 410
    assert len(service.extracts(case)) == 1


def test_a_cancelled_preview_cannot_be_confirmed(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    preview = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    form = {"csrf": _csrf(preview.text), "token": _token(preview.text)}
    cancelled = browser.post(f"/cases/{case}/upload/cancel", data=form)
    assert (cancelled.status_code, cancelled.headers["location"]) == (303, f"/cases/{case}/upload")
    assert _confirm(browser, case, preview).status_code == 410
    assert _stored(service, case) == []


def test_the_confirm_stores_what_was_previewed_even_if_the_case_moved_on(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    preview = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    service.import_file(police_extract().write_json(tmp_path / "meanwhile.json"), case, "t")
    done = _confirm(browser, case, preview)
    assert "Another upload changed the case after your preview" in done.text
    assert "<td>0</td><td>0</td><td>3</td><td>0</td>" in done.text  # all three unchanged now
    assert _stored(service, case) == ["NP-1", "NP-2", "NP-3"]


@pytest.mark.parametrize("form", ["upload", "confirm"])
def test_a_post_without_the_forms_csrf_token_is_refused(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path, form: str
) -> None:
    path = police_extract().write_xlsx(tmp_path / "police.xlsx")
    if form == "upload":
        assert _send(browser, case, path, csrf="forged").status_code == 403
    else:
        preview = _send(browser, case, path)
        forged = {"csrf": "forged", "token": _token(preview.text)}
        assert browser.post(f"/cases/{case}/upload/confirm", data=forged).status_code == 403
    assert _stored(service, case) == []


def test_an_uploader_is_refused_another_organisations_file_on_the_page(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    builder = police_extract()
    builder.organisation = "RIVERSIDE SURGERY"
    refused = _send(browser, case, builder.write_xlsx(tmp_path / "gp.xlsx"))
    assert refused.status_code == 403
    assert "an uploader sends only NORTHSHIRE POLICE&#39;s extracts" in refused.text
    assert _stored(service, case) == []


def test_a_chair_may_not_upload_and_a_case_not_given_is_not_found(
    app_clients: list[TestClient], case: str
) -> None:
    chair = _signed_in(app_clients[0], CHAIR)
    assert chair.get(f"/cases/{case}/upload").status_code == 403
    uploader = _signed_in(app_clients[1], UPLOADER)
    assert uploader.get(f"/cases/{OTHER}/upload").status_code == 404


def test_previews_and_uploads_are_in_the_access_trail(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    preview = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    _confirm(browser, case, preview)
    trail = [(r.account, r.what, r.via) for r in service.accounts.access_log(case)]
    assert trail == [(UPLOADER, "upload preview", Via.PAGE), (UPLOADER, "upload", Via.PAGE)]


def test_the_template_workbook_downloads_for_a_signed_in_user_only(
    app_clients: list[TestClient],
) -> None:
    assert app_clients[0].get("/upload/template.xlsx").status_code == 303
    answer = _signed_in(app_clients[0], CHAIR).get("/upload/template.xlsx")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    book = load_workbook(BytesIO(answer.content))
    assert {"Instructions", "extract", "people", "relationships", "events"} <= set(book.sheetnames)


def test_waiting_uploads_are_bounded_oldest_first_and_one_per_account(
    service: ChronologyService,
) -> None:
    held = PendingUploads(service.held_uploads, limit=2)
    parsed = ParsedExtract(file_name="police.xlsx", file_sha256="", metadata=None)
    preview = ImportPreview("C", ImportCounts(), False, (), ())
    tokens = [held.hold(name, "C", parsed, preview) for name in ("a", "b", "c")]
    assert held.take(tokens[0], "a", "C") is None, "the oldest went first"
    newer = held.hold("b", "C", parsed, preview)
    assert held.take(tokens[1], "b", "C") is None, "a new preview replaces the earlier one"
    assert held.take(newer, "a", "C") is None, "only for the account that previewed it"
    assert held.take(newer, "B ", "C") is not None, "account names compare as accounts do"
    assert len(held) == 1


def test_waiting_uploads_are_bounded_by_their_rows_too(
    service: ChronologyService, tmp_path: Path
) -> None:
    parsed = service.read_file(police_extract().write_xlsx(tmp_path / "police.xlsx"))  # 5 rows
    preview = ImportPreview("C", ImportCounts(), False, (), ())
    held = PendingUploads(service.held_uploads, row_limit=8)
    first, second = (held.hold(name, "C", parsed, preview) for name in ("a", "b"))
    assert held.take(first, "a", "C") is None, "two would be 10 rows: the older went"
    assert held.take(second, "b", "C") is not None
    alone = PendingUploads(service.held_uploads, row_limit=1)
    assert alone.take(alone.hold("a", "C", parsed, preview), "a", "C") is not None, (
        "one upload is always held, however large"
    )


def test_an_older_preview_replaced_by_a_newer_one_cannot_be_confirmed(
    browser: TestClient, service: ChronologyService, case: str, tmp_path: Path
) -> None:
    older = _send(browser, case, police_extract().write_xlsx(tmp_path / "police.xlsx"))
    corrected = police_extract()
    corrected.events[0]["summary"] = "Call-out after a neighbour heard shouting (corrected)"
    newer = _send(browser, case, corrected.write_json(tmp_path / "corrected.json"))
    assert _confirm(browser, case, older).status_code == 410, "it would store the wrong file"
    assert _confirm(browser, case, newer).status_code == 200
    [extract] = service.extracts(case)
    assert extract["file_name"] == "corrected.json"
