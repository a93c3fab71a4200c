"""The case page on the demo case: the lanes and the table with their filters, the flags with
their evidence and review actions, the family picture, the agencies involved, "as at", what an
organisation knew, and what an uploader may see."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import ExtractBuilder
from tests.pages import csrf, page_client, sign_in
from views.demo import DEMO_CASES, demo_extracts

CASE, ESCAPES, OTHER = "DEMO-001", "RR-ESCAPES", "RR-OTHER"
PASSWORD = "correct horse battery staple"
POLICE = "Northshire Police"
PAYLOAD = "<script>alert('chronology')</script>"

pytestmark = pytest.mark.xdist_group("case-page")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    folder = tmp_path_factory.mktemp("case-page")
    opened = open_service(Settings(store=folder / "case-page.sqlite"))
    for extract in demo_extracts(DEMO_CASES / CASE):
        opened.import_file(extract, CASE, "demo")
    for case, summary in ((ESCAPES, PAYLOAD), (OTHER, "Welfare check")):
        builder = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024")
        builder.event("N1", "07/09/2024", "police_welfare_check", "P1", summary=summary)
        opened.import_file(builder.write_csv_folder(folder / case), case, "test")
    opened.accounts.add_user("Cal Chair", Role.CHAIR, PASSWORD, cases=[CASE, ESCAPES])
    opened.accounts.add_user("Uma Uploader", Role.UPLOADER, PASSWORD, POLICE, cases=[CASE])
    yield opened
    opened.close()


@pytest.fixture
def client(service: ChronologyService) -> Iterator[TestClient]:
    with page_client(service) as client:
        yield client


def _sign_in(client: TestClient, name: str = "Cal Chair") -> str:
    return sign_in(client, name, PASSWORD)


def _page(client: TestClient, query: str = "", case: str = CASE) -> str:
    answer = client.get(f"/cases/{case}{query}")
    assert answer.status_code == 200, answer.text[:300]
    return answer.text


def _rows(page: str) -> list[str]:
    """The table's rows (their HTML), by their entry anchors."""
    return re.findall(r'<tr id="e-[^"]+"[^>]*>(.*?)</tr>', page, flags=re.S)


def _latest(service: ChronologyService) -> date:
    return max(date.fromisoformat(e["occurred_from"][:10]) for e in service.timeline(CASE))


def test_the_chair_sees_the_last_twelve_months_by_default(
    client: TestClient, service: ChronologyService
) -> None:
    _sign_in(client)
    page = _page(client)
    latest = _latest(service)
    start = latest.replace(year=latest.year - 1).toordinal() + 1
    expected = [
        e
        for e in service.timeline(CASE)
        if date.fromisoformat(e["occurred_from"][:10]).toordinal() >= start
    ]
    assert len(_rows(page)) == len(expected) > 0
    assert f"to {latest:%d/%m/%Y} (the 12 months to the latest entry)" in page
    oldest = service.timeline(CASE)[0]["source"]["record_ref"]
    assert oldest not in page.split('id="flags"')[0]
    wider = _page(client, "?from=01/01/2023")
    assert len(_rows(wider)) == len(service.timeline(CASE))
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "one per organisation" in page


def test_filters_narrow_the_table(client: TestClient) -> None:
    _sign_in(client)
    everything = _rows(_page(client, "?from=01/01/2023"))
    police = _rows(_page(client, f"?from=01/01/2023&organisation={POLICE}"))
    assert 0 < len(police) < len(everything)
    assert all(POLICE in row for row in police)
    health = _rows(_page(client, "?from=01/01/2023&group=health"))
    assert 0 < len(health) < len(everything)
    searched = _rows(_page(client, "?from=01/01/2023&q=BRUISE"))
    assert searched and all("bruis" in row.casefold() for row in searched)
    flagged = _page(client, "?from=01/01/2023&flagged=on")
    assert 0 < len(_rows(flagged)) < len(everything)
    assert len(re.findall(r'<tr id="e-[^"]+" class="flagged', flagged)) == len(_rows(flagged))


def test_a_person_filter_keeps_that_persons_entries(
    client: TestClient, service: ChronologyService
) -> None:
    _sign_in(client)
    finn = next(p for p in service.people(CASE).people if p.name == "Finn Doyle")
    rows = _rows(_page(client, f"?from=01/01/2023&person={finn.id}"))
    about_finn = [e for e in service.timeline(CASE) if finn.id in {s["id"] for s in e["subjects"]}]
    assert len(rows) == len(about_finn) > 0


def test_as_at_shows_what_had_been_recorded_then(
    client: TestClient, service: ChronologyService
) -> None:
    _sign_in(client)
    page = _page(client, "?as-at=01/10/2024")
    assert "As at 01/10/2024" in page
    assert "NP-24-0981" not in page  # the December 2024 incident had not happened
    expected = len(service.flags(CASE, date(2024, 10, 1)))
    assert f"Flags ({expected})" in page
    assert expected != len(service.flags(CASE))
    assert "Who is around the child, as at 01/10/2024" in page


def test_each_flag_explains_itself_and_links_to_its_evidence(client: TestClient) -> None:
    _sign_in(client)
    page = _page(client, "?from=01/01/2023")
    flags = page.split('id="flags"')[1].split('id="family"')[0]
    assert "High (" in flags and "Learning:" in flags and "Rule <code>" in flags
    anchors = re.findall(r'href="#e-([0-9a-f-]+)"', flags)
    assert anchors
    row_ids = set(re.findall(r'<tr id="e-([0-9a-f-]+)"', page))
    assert set(anchors) <= row_ids
    high = flags.index("High (")
    assert high < flags.index("Medium (") < flags.index("Low (")


def test_evidence_outside_the_period_links_to_a_page_that_shows_it(client: TestClient) -> None:
    _sign_in(client)
    page = _page(client, "?from=01/06/2025")
    links = re.findall(r'href="(\?[^"#]+)#e-([0-9a-f-]+)"', page)
    assert links
    query, entry = links[0]
    assert f'<tr id="e-{entry}"' in _page(client, query.replace("&amp;", "&"))


def test_a_reviewer_action_on_a_flag_is_recorded_with_who(
    client: TestClient, service: ChronologyService
) -> None:
    _sign_in(client)
    page = _page(client)
    flag_id = re.findall(r'action="/cases/DEMO-001/flags/([0-9a-f-]+)"', page)[0]
    form = {"action": "note", "text": "Discussed at the strategy meeting", "csrf": csrf(page)}
    answer = client.post(f"/cases/{CASE}/flags/{flag_id}", data=form)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"#flag-{flag_id}")
    again = _page(client)
    assert "Note by Cal Chair" in again and "Discussed at the strategy meeting" in again
    assert service.flag_reviews(CASE).of(flag_id).notes[0].by == "Cal Chair"
    refused = client.post(
        f"/cases/{CASE}/flags/{flag_id}",
        data={"action": "dismiss", "text": " ", "csrf": csrf(page)},
    )
    assert refused.status_code == 422 and "reason" in refused.text
    forged = client.post(
        f"/cases/{CASE}/flags/{flag_id}", data={"action": "note", "text": "x", "csrf": "forged"}
    )
    assert forged.status_code == 403


def test_agencies_involved_in_the_last_90_days(
    client: TestClient, service: ChronologyService
) -> None:
    _sign_in(client)
    page = _page(client, "?as-at=01/10/2024")
    section = page.split('id="involved"')[1].split("</section>")[0]
    recent = {
        e["organisation"]
        for e in service.timeline(CASE)
        if date(2024, 7, 3) <= date.fromisoformat(e["occurred_from"][:10]) <= date(2024, 10, 1)
    }
    assert recent
    listed = re.findall(r"<tr><td>([^<]+)</td>", section)
    assert set(listed) == {name.replace("'", "&#39;") for name in recent}


def test_what_an_organisation_knew_then(client: TestClient) -> None:
    _sign_in(client)
    page = _page(client, "?as-at=01/10/2024&knew=Northshire Health Visiting")
    assert "As at 01/10/2024, Northshire Health Visiting showed no sign of knowing of" in page
    unknown = _page(client, "?knew=Nowhere Trust")
    assert 'class="problem"' in unknown.split('id="knew"')[1]


def test_a_date_that_cannot_be_read_is_named_and_left_out(client: TestClient) -> None:
    _sign_in(client)
    page = _page(client, "?as-at=31/02/2024")
    assert "As at:" in page and "could not be read" in page


def test_agency_text_is_shown_as_text(client: TestClient) -> None:
    _sign_in(client)
    page = _page(client, "?from=01/01/2024", case=ESCAPES)
    assert PAYLOAD not in page
    assert "&lt;script&gt;alert(&#39;chronology&#39;)&lt;/script&gt;" in page


def test_an_uploader_sees_only_their_own_organisations_entries(client: TestClient) -> None:
    _sign_in(client, "Uma Uploader")
    page = _page(client, "?from=01/01/2023")
    rows = _rows(page)
    assert rows and all(POLICE in row for row in rows)
    assert 'id="flags"' not in page and 'id="family"' not in page
    assert client.get(f"/cases/{CASE}/concern.png").status_code == 403
    flag_form = {"action": "note", "text": "x", "csrf": csrf(page)}
    assert client.post(f"/cases/{CASE}/flags/some-flag", data=flag_form).status_code == 403


def test_cases_not_given_and_missing_pages_reveal_nothing(client: TestClient) -> None:
    assert client.get(f"/cases/{CASE}").headers["location"] == "/login"
    _sign_in(client)
    refused = client.get(f"/cases/{OTHER}")
    assert refused.status_code == 404 and "text/html" in refused.headers["content-type"]
    assert "Welfare check" not in refused.text and "Finn" not in refused.text
    assert client.get("/no/such/page").status_code == 404


def test_the_concern_chart_and_the_access_trail(
    client: TestClient, service: ChronologyService
) -> None:
    _sign_in(client)
    before = len(service.accounts.access_log(CASE))
    _page(client)
    chart = client.get(f"/cases/{CASE}/concern.png?as-at=01/10/2024")
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    reads = service.accounts.access_log(CASE)[before:]
    assert [(read.account, read.what, read.via) for read in reads] == [
        ("Cal Chair", "case page", "page"),
        ("Cal Chair", "concern chart", "page"),
    ]


def test_the_page_prints_as_a_chronology(client: TestClient) -> None:
    _sign_in(client)
    page = _page(client)
    assert "@page { size: A4 landscape" in page
    assert re.search(r"@media print \{[^}]*header[^}]*display: none", page)
