"""Review documents from the web app and the API: downloads in each format, the print view the
PDF is made from, the glossary of labels, and who may have them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import health_visiting_extract, police_extract
from tests.e2e.test_cli import chronology
from tests.pages import csrf, page_client, sign_in
from views.web.app import create_app

CASE = "RR-EXPORTS"
PASSWORD = "correct horse battery staple"
SCRIPT = "<script>alert('x')</script> =HYPERLINK(\"http://evil.invalid\")"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    folder = tmp_path_factory.mktemp("exports")
    opened = open_service(Settings(store=folder / "exports.sqlite"))
    police = police_extract()
    police.events[0]["summary"] = SCRIPT
    for name, builder in (("police", police), ("hv", health_visiting_extract())):
        opened.import_file(builder.write_csv_folder(folder / name), CASE, "test")
    for name, role, organisation in (
        ("Rae Reviewer", Role.REVIEWER, None),
        ("Cal Chair", Role.CHAIR, None),
        ("Uma Uploader", Role.UPLOADER, "NORTHSHIRE POLICE"),
    ):
        opened.accounts.add_user(name, role, PASSWORD, organisation, cases=[CASE])
    yield opened
    opened.close()


@pytest.fixture
def reviewer(service: ChronologyService) -> Iterator[TestClient]:
    with page_client(service) as client:
        sign_in(client, "Rae Reviewer", PASSWORD)
        yield client


def test_each_format_downloads_as_a_file_a_library_opens(reviewer: TestClient) -> None:
    word = reviewer.get(f"/cases/{CASE}/export?format=docx")
    assert word.status_code == 200
    assert 'filename="RR-EXPORTS-chronology.docx"' in word.headers["content-disposition"]
    paragraphs = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert "Multi-agency chronology" in paragraphs
    book = load_workbook(io.BytesIO(reviewer.get(f"/cases/{CASE}/export?format=xlsx").content))
    assert book.active is not None and book.active.max_row > 2
    text = reviewer.get(f"/cases/{CASE}/export?format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(cell == SCRIPT for row in rows[1:] for cell in row), "agency text kept as data"
    pdf = reviewer.get(f"/cases/{CASE}/export?format=pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_print_view_shows_agency_text_as_text(reviewer: TestClient) -> None:
    page = reviewer.get(f"/cases/{CASE}/chronology")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(" in page.text and "<script>alert" not in page.text
    assert "Contributing agencies" in page.text and "NORTHSHIRE POLICE" in page.text


def test_an_anonymised_download_uses_the_labels_reviewers_set(
    reviewer: TestClient, service: ChronologyService
) -> None:
    people = {person.name: person.id for person in service.people(CASE).people}
    kerry = next(person for name, person in people.items() if name.startswith("Kerry"))
    glossary = reviewer.get(f"/cases/{CASE}/glossary")
    form = {"csrf": csrf(glossary.text), "person": kerry, "label": "Woman K"}
    assert reviewer.post(f"/cases/{CASE}/glossary", data=form).status_code == 303
    assert 'value="Woman K"' in reviewer.get(f"/cases/{CASE}/glossary").text
    text = reviewer.get(f"/cases/{CASE}/export?format=csv&anonymised=true").text
    assert "Woman K" in text
    assert "Kerry" not in text


def test_a_chair_downloads_but_may_not_change_labels(service: ChronologyService) -> None:
    with page_client(service) as client:
        token = sign_in(client, "Cal Chair", PASSWORD)
        assert client.get(f"/cases/{CASE}/export?format=csv").status_code == 200
        person = service.people(CASE).people[0].id
        form = {"csrf": token, "person": person, "label": "Someone"}
        assert client.post(f"/cases/{CASE}/glossary", data=form).status_code == 403


def test_an_uploader_gets_no_review_documents(service: ChronologyService) -> None:
    with page_client(service) as client:
        sign_in(client, "Uma Uploader", PASSWORD)
        for path in ("export?format=docx", "chronology", "glossary"):
            assert client.get(f"/cases/{CASE}/{path}").status_code == 403


def test_a_format_or_date_that_will_not_do_is_named(reviewer: TestClient) -> None:
    wrong = reviewer.get(f"/cases/{CASE}/export?format=odt")
    assert wrong.status_code == 422
    assert "use one of docx, xlsx, pdf, csv" in wrong.text
    assert reviewer.get(f"/cases/{CASE}/export?format=csv&from=31/02/2024").status_code == 422


def test_the_api_exports_to_a_token_and_records_the_read(service: ChronologyService) -> None:
    token = service.accounts.issue_token("Rae Reviewer")
    with TestClient(create_app(service)) as c:
        answer = c.get(
            f"/api/cases/{CASE}/export?format=xlsx",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 200
    assert load_workbook(io.BytesIO(answer.content)).sheetnames[0]
    assert "export xlsx" in [record.what for record in service.accounts.access_log(CASE)]


def test_a_review_chronology_cli_export_writes_the_file(
    service: ChronologyService, tmp_path: Path
) -> None:
    store = tmp_path / "cli.sqlite"
    other = open_service(Settings(store=store))
    other.import_file(police_extract().write_csv_folder(tmp_path / "police"), CASE, "test")
    other.close()
    written = tmp_path / "out.docx"
    answer = chronology(
        "export", "--case", CASE, "--format", "docx", "--output", written, store=store
    )
    assert answer.returncode == 0, answer.stderr
    assert "Multi-agency chronology" in [p.text for p in Document(str(written)).paragraphs]
    wrong = chronology(
        "export", "--case", CASE, "--format", "odt", "--output", written, store=store
    )
    assert wrong.returncode == 2 and "use one of docx, xlsx, pdf, csv" in wrong.stderr


def test_the_case_page_offers_the_documents_for_the_period_shown(
    reviewer: TestClient, service: ChronologyService
) -> None:
    page = reviewer.get(f"/cases/{CASE}?from=01/01/2024&to=31/12/2024").text
    assert 'action="/cases/RR-EXPORTS/export"' in page
    assert 'name="from" value="2024-01-01"' in page and 'name="to" value="2024-12-31"' in page
    with page_client(service) as client:
        sign_in(client, "Uma Uploader", PASSWORD)
        assert "/export" not in client.get(f"/cases/{CASE}").text


def test_a_dismissed_flag_is_summarised_with_the_reviewers_reason(
    reviewer: TestClient, service: ChronologyService
) -> None:
    flag = service.flags(CASE)[0]
    service.dismiss_flag(CASE, flag.id, "Known to the panel; no further action", "Rae Reviewer")
    word = Document(io.BytesIO(reviewer.get(f"/cases/{CASE}/export?format=docx").content))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert any(
        "Reviewers: Dismissed: Known to the panel; no further action" in text for text in cells
    )
    assert (
        "Reviewers: Dismissed: Known to the panel" in reviewer.get(f"/cases/{CASE}/chronology").text
    )
