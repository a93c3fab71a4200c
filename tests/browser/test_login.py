"""Signing in and out in a real browser, the pages behind the login, the admin's access log,
and a name carrying markup shown as text."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    ADMIN,
    CASE,
    CHAIR,
    OTHER_CASE,
    REVIEWER,
    SCRIPT_NAME,
    Site,
    screenshot,
    sign_in,
)

REFUSED = "That name and password were not recognised."


def _focused_id(page: Page) -> str:
    focused: str = page.evaluate("document.activeElement.id")
    return focused


def test_a_person_signs_in_with_the_keyboard_alone(page: Page) -> None:
    page.goto("/login")
    screenshot(page, "login")
    assert _focused_id(page) == "name", "the name field has the focus when the page opens"
    page.keyboard.type(CHAIR.name)
    page.keyboard.press("Tab")
    assert _focused_id(page) == "password"
    page.keyboard.type(CHAIR.password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases")
    expect(page.get_by_role("heading", name="Your cases")).to_be_visible()
    expect(page.get_by_text(f"{CHAIR.name} (chair)")).to_be_visible()
    expect(page.get_by_role("listitem")).to_have_text([CASE, OTHER_CASE])
    screenshot(page, "cases")


def test_a_wrong_password_is_refused_with_a_message(page: Page) -> None:
    sign_in(page, REVIEWER.name, password="not the right password")
    expect(page.get_by_role("alert")).to_have_text(REFUSED)
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/cases")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_a_reviewer_sees_only_the_cases_given_to_them(page: Page) -> None:
    sign_in(page, REVIEWER.name)
    expect(page.get_by_role("listitem")).to_have_text([CASE])
    expect(page.get_by_role("link", name="access log")).to_have_count(0)


def test_signing_out_ends_the_session(page: Page) -> None:
    sign_in(page, CHAIR.name)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.goto("/cases")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_page_asked_for_without_a_session_goes_to_the_login_page(page: Page) -> None:
    for path in ("/cases", f"/cases/{CASE}/access"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/login$"))
        expect(page.get_by_label("Name")).to_be_focused()


def test_an_admin_opens_the_access_log_from_the_case_list(page: Page) -> None:
    sign_in(page, ADMIN.name)
    entry = page.get_by_role("listitem").filter(has_text=CASE)
    entry.get_by_role("link", name="access log").click()
    page.wait_for_url(f"**/cases/{CASE}/access")
    expect(page.get_by_role("heading", name=f"Access log: {CASE}")).to_be_visible()
    newest = page.get_by_role("row").nth(1).get_by_role("cell")
    expect(newest.nth(1)).to_have_text(ADMIN.name)
    expect(newest.nth(2)).to_have_text("access log")
    expect(newest.nth(3)).to_have_text("page")


def test_a_name_with_markup_is_shown_as_text_and_never_runs(
    page: Page, site: Site, dialogs: list[str]
) -> None:
    token = site.tokens[SCRIPT_NAME]
    read = httpx.get(
        f"{site.url}/api/cases/{CASE}/timeline", headers={"Authorization": f"Bearer {token}"}
    )
    assert read.status_code == 200
    sign_in(page, ADMIN.name)
    page.goto(f"/cases/{CASE}/access")
    expect(page.get_by_role("cell", name=SCRIPT_NAME, exact=True).first).to_be_visible()
    assert page.locator("main script, main img").count() == 0
    page.reload()  # a dialog may open late; give it the chance
    expect(page.get_by_role("heading", name=f"Access log: {CASE}")).to_be_visible()
    assert dialogs == []
