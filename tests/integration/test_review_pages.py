"""The reviewer's tools through the pages: review period, significance and analysis on an
entry, key practice episodes, match decisions, and a chair recording a strategy discussion
that the missing-agency rule then sees."""

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
from tests.pages import page_client, sign_in
from views.demo import DEMO_CASES, demo_extracts

CASE = "DEMO-001"
PASSWORD = "correct horse battery staple"
MISSING_AGENCY = "strategy-discussion-missing-agency"
PAIR = r'name="left" value="([^"]+)">\s*<input type="hidden" name="right" value="([^"]+)"'

pytestmark = pytest.mark.xdist_group("review-pages")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    folder = tmp_path_factory.mktemp("review-pages")
    opened = open_service(Settings(store=folder / "review-pages.sqlite"))
    for extract in demo_extracts(DEMO_CASES / CASE):
        opened.import_file(extract, CASE, "demo")
    opened.accounts.add_user("Rae Reviewer", Role.REVIEWER, PASSWORD, cases=[CASE])
    opened.accounts.add_user("Cal Chair", Role.CHAIR, PASSWORD, cases=[CASE])
    opened.accounts.add_user("Uma Uploader", Role.UPLOADER, PASSWORD, "Northshire Police", [CASE])
    yield opened
    opened.close()


@pytest.fixture
def client(service: ChronologyService) -> Iterator[TestClient]:
    with page_client(service) as client:
        yield client


def _sign_in(client: TestClient, name: str = "Rae Reviewer") -> str:
    return sign_in(client, name, PASSWORD)


def _entry(service: ChronologyService, record_ref: str) -> str:
    return next(e["id"] for e in service.timeline(CASE) if e["source"]["record_ref"] == record_ref)


def test_the_review_period_becomes_the_case_pages_period(
    client: TestClient, service: ChronologyService
) -> None:
    csrf = _sign_in(client)
    form = {"start": "01/06/2024", "end": "31/12/2024", "csrf": csrf}
    assert client.post(f"/cases/{CASE}/review/period", data=form).status_code == 303
    period = service.review_work(CASE).period
    assert period and (period.start, period.end, period.by) == (
        date(2024, 6, 1),
        date(2024, 12, 31),
        "Rae Reviewer",
    )
    page = client.get(f"/cases/{CASE}").text
    assert "Showing 01/06/2024 to 31/12/2024" in page and "This is the review period" in page
    bad = client.post(f"/cases/{CASE}/review/period", data={**form, "start": "31/02/2024"})
    assert bad.status_code == 422 and "Review period from" in bad.text


def test_significance_and_analysis_on_an_entry(
    client: TestClient, service: ChronologyService
) -> None:
    csrf = _sign_in(client)
    entry = _entry(service, "NP-24-0702")
    page = client.get(f"/cases/{CASE}/entries/{entry}")
    assert page.status_code == 200 and "NP-24-0702" in page.text
    rated = client.post(f"/cases/{CASE}/entries/{entry}/rating", data={"rag": "red", "csrf": csrf})
    noted = client.post(
        f"/cases/{CASE}/entries/{entry}/notes",
        data={"text": "Missed chance to tell health visiting <b>here</b>", "csrf": csrf},
    )
    assert rated.status_code == noted.status_code == 303
    review = service.review_work(CASE).entries[entry]
    assert review.rating and review.rating.rag.value == "red"
    assert review.rating.by == "Rae Reviewer"
    assert review.notes[0].text.startswith("Missed chance")
    case_page = client.get(f"/cases/{CASE}?from=01/01/2024").text
    row = re.search(rf'<tr id="e-{entry}".*?</tr>', case_page, flags=re.S)
    assert row and 'class="rag rag-red"' in row.group(0)
    assert "Missed chance to tell health visiting &lt;b&gt;here&lt;/b&gt;" in row.group(0)
    empty = client.post(f"/cases/{CASE}/entries/{entry}/notes", data={"text": " ", "csrf": csrf})
    assert empty.status_code == 422
    wrong = client.post(f"/cases/{CASE}/entries/{entry}/rating", data={"rag": "blue", "csrf": csrf})
    assert wrong.status_code == 422


def test_a_key_practice_episode_from_ticked_entries(
    client: TestClient, service: ChronologyService
) -> None:
    csrf = _sign_in(client)
    first, second = _entry(service, "NP-24-0702"), _entry(service, "NP-24-0981")
    made = client.post(
        f"/cases/{CASE}/episodes",
        data={"name": "Domestic abuse not shared", "entry": [first, second], "csrf": csrf},
    )
    assert made.status_code == 303
    episode = service.review_work(CASE).episodes[0]
    assert set(episode.entry_ids) == {first, second} and episode.by == "Rae Reviewer"
    page = client.get(f"/cases/{CASE}?from=01/01/2024").text
    assert "Domestic abuse not shared" in page and f'id="episode-{episode.id}"' in page
    path = f"/cases/{CASE}/episodes/{episode.id}"
    client.post(path, data={"action": "take-out", "entry": [second], "csrf": csrf})
    assert service.review_work(CASE).episodes[0].entry_ids == (first,)
    client.post(path, data={"action": "remove", "csrf": csrf})
    assert service.review_work(CASE).episodes == ()
    nothing = client.post(f"/cases/{CASE}/episodes", data={"name": "Empty", "csrf": csrf})
    assert nothing.status_code == 422


def test_a_chair_may_not_use_the_reviewer_tools(
    client: TestClient, service: ChronologyService
) -> None:
    csrf = _sign_in(client, "Cal Chair")
    entry = _entry(service, "NP-24-0702")
    answer = client.post(f"/cases/{CASE}/entries/{entry}/rating", data={"rag": "red", "csrf": csrf})
    assert answer.status_code == 403 and "chair" in answer.text


def test_match_candidates_are_confirmed_or_rejected_with_reasons(
    client: TestClient, service: ChronologyService
) -> None:
    csrf = _sign_in(client)
    page = client.get(f"/cases/{CASE}/people")
    assert page.status_code == 200 and "Possible matches to review" in page.text
    pairs = re.findall(PAIR, page.text)
    assert pairs
    left, right = pairs[0]
    form = {"left": left, "right": right, "judgement": "reject", "reason": "different DOB"}
    assert client.post(f"/cases/{CASE}/matches", data={**form, "csrf": csrf}).status_code == 303
    waiting = {frozenset((c.left, c.right)) for c in service.people(CASE).resolution.candidates}
    assert frozenset((left, right)) not in waiting
    after = client.get(f"/cases/{CASE}/people").text
    assert (left, right) not in re.findall(PAIR, after)


def test_a_strategy_discussion_recorded_on_the_page_is_seen_by_the_rules(
    client: TestClient, service: ChronologyService
) -> None:
    csrf = _sign_in(client, "Cal Chair")
    form_page = client.get(f"/cases/{CASE}/strategy-discussion")
    assert form_page.status_code == 200
    children = re.findall(r'name="subject" value="([^"]+)"', form_page.text)
    assert children
    before = {f.id for f in service.flags(CASE) if f.rule == MISSING_AGENCY}
    form = {
        "organisation": "Northshire Children's Social Care",
        "occurred": "20/06/2025",
        "subject": children,
        "invited": ["Northshire Children's Social Care", "Northshire Police"],
        "attended": ["Northshire Children's Social Care", "Northshire Police"],
        "outcome": "Section 47 enquiry to start",
        "csrf": csrf,
    }
    answer = client.post(f"/cases/{CASE}/strategy-discussion", data=form)
    assert answer.status_code == 303, answer.text
    after = [f for f in service.flags(CASE) if f.rule == MISSING_AGENCY and f.id not in before]
    assert after, "an involved agency left out of the new discussion is flagged"
    page = client.get(answer.headers["location"]).text
    assert "Section 47 enquiry to start" in page and after[0].title in page


def test_uploaders_reach_none_of_the_review_pages(
    client: TestClient, service: ChronologyService
) -> None:
    csrf = _sign_in(client, "Uma Uploader")
    entry = _entry(service, "NP-24-0702")
    assert client.get(f"/cases/{CASE}/people").status_code == 403
    assert client.get(f"/cases/{CASE}/entries/{entry}").status_code == 403
    assert client.get(f"/cases/{CASE}/strategy-discussion").status_code == 403
    note = client.post(f"/cases/{CASE}/entries/{entry}/notes", data={"text": "x", "csrf": csrf})
    assert note.status_code == 403
