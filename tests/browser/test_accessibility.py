"""WCAG 2.2 AA on every kind of page, checked in the browser by axe-core (shipped inside the
axe-playwright-python package, so nothing is fetched): labels, contrast, names of links and
buttons, headings, landmarks, ARIA. A page with any violation fails, listing what and where."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.helpers import ADMIN, CASE, REVIEWER, UPLOADER, sign_in

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def _violations(page: Page) -> list[str]:
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


def test_the_login_page_meets_wcag_aa(page: Page) -> None:
    page.goto("/login")
    assert _violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/cases",
        f"/cases/{CASE}",
        f"/cases/{CASE}?as-at=01/10/2024&knew=Northshire Police",
        f"/cases/{CASE}/people",
        f"/cases/{CASE}/strategy-discussion",
        f"/cases/{CASE}/upload",
        f"/cases/{CASE}/glossary",
        f"/cases/{CASE}/chronology?from=01/01/2024&to=31/12/2024",
    ],
)
def test_the_reviewers_pages_meet_wcag_aa(page: Page, path: str) -> None:
    sign_in(page, REVIEWER.name)
    page.goto(path)
    assert _violations(page) == []


def test_an_entry_page_meets_wcag_aa(page: Page) -> None:
    sign_in(page, REVIEWER.name)
    page.goto(f"/cases/{CASE}")
    row = page.locator("table.chronology tbody tr[id^='e-']").first
    entry = (row.get_attribute("id") or "").removeprefix("e-")
    page.goto(f"/cases/{CASE}/entries/{entry}")
    assert _violations(page) == []


def test_the_admin_and_uploader_pages_meet_wcag_aa(page: Page) -> None:
    sign_in(page, ADMIN.name)
    page.goto(f"/cases/{CASE}/access")
    assert _violations(page) == []
    page.context.clear_cookies()
    sign_in(page, UPLOADER.name)
    page.goto(f"/cases/{CASE}")
    assert _violations(page) == []
    page.goto(f"/cases/{CASE}/upload")
    assert _violations(page) == []
