"""The case page in a real browser: following a flag to its evidence, recording a strategy
discussion and seeing the missing-agency flag appear, agency text shown as text, an uploader
kept to their own organisation, keyboard use, and the printed chronology."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    CASE,
    CHAIR,
    ESCAPES_CASE,
    REVIEWER,
    SCRIPT_SUMMARY,
    SCRIPTED,
    UPLOADER,
    UPLOADER_ORGANISATION,
    screenshot,
    screenshot_path,
    sign_in,
)
from tests.builders import ExtractBuilder

MISSING_AGENCY = "strategy-discussion-missing-agency"
UPLOADED = "Welfare check after a neighbour's call (browser upload)"


def _rows(page: Page) -> list[str]:
    return page.locator("table.chronology tbody tr[id^='e-']").all_inner_texts()


def test_a_chair_follows_a_flag_to_its_evidence(page: Page) -> None:
    sign_in(page, CHAIR.name)
    page.get_by_role("link", name=CASE, exact=True).click()
    page.wait_for_url(f"**/cases/{CASE}")
    expect(page.get_by_role("heading", name=f"Case {CASE}", level=1)).to_be_visible()
    expect(page.get_by_role("figure", name=re.compile("entries by organisation"))).to_be_visible()
    assert len(_rows(page)) > 0
    screenshot(page, "case-page", full_page=False)
    flags = page.locator("#flags")
    expect(flags.get_by_role("heading", name=re.compile(r"^Flags \(\d+\)$"))).to_be_visible()
    evidence = flags.locator("ul.evidence a[href^='#e-']").first
    target = (evidence.get_attribute("href") or "").lstrip("#")
    evidence.click()
    assert page.url.endswith(f"#{target}")
    expect(page.locator(f"tr#{target}")).to_be_in_viewport()
    flags.scroll_into_view_if_needed()
    flags.locator("article").first.screenshot(path=screenshot_path("flag"))
    page.locator("#family").screenshot(path=screenshot_path("family"))


def test_recording_a_strategy_discussion_raises_the_missing_agency_flag(page: Page) -> None:
    sign_in(page, CHAIR.name)
    page.goto(f"/cases/{CASE}")
    before = page.locator(f"#flags code:text-is('{MISSING_AGENCY}')").count()
    page.get_by_role("link", name="Record a strategy discussion").click()
    expect(page.get_by_role("heading", name="Record a strategy discussion")).to_be_visible()
    page.get_by_label("Held by").select_option("Northshire Children's Social Care")
    page.get_by_label("Date").fill("20/06/2025")
    attended = page.locator("fieldset", has_text="Attended")
    attended.get_by_label("Northshire Children's Social Care").check()
    page.get_by_label("Outcome").fill("Threshold met for a Section 47 enquiry (browser test)")
    screenshot(page, "strategy-discussion")
    page.get_by_role("button", name="Record the discussion").click()
    page.wait_for_url(re.compile(rf"/cases/{CASE}\?from=2025-06-20"))
    expect(
        page.get_by_text("Threshold met for a Section 47 enquiry (browser test)")
    ).to_be_visible()
    after = page.locator(f"#flags code:text-is('{MISSING_AGENCY}')").count()
    assert after > before, "an involved agency that did not attend is flagged"


def test_agency_text_is_shown_as_text_and_never_runs(page: Page, dialogs: list[str]) -> None:
    sign_in(page, SCRIPTED.name)
    page.goto(f"/cases/{ESCAPES_CASE}?from=01/01/2024")
    expect(page.locator("table.chronology .summary")).to_have_text(SCRIPT_SUMMARY)
    assert page.locator("table.chronology script, table.chronology img").count() == 0
    page.goto(f"/cases/{ESCAPES_CASE}/entries/" + _first_entry(page, ESCAPES_CASE))
    expect(page.get_by_text(SCRIPT_SUMMARY)).to_be_visible()
    assert dialogs == []


def _first_entry(page: Page, case: str) -> str:
    page.goto(f"/cases/{case}?from=01/01/2024")
    anchor = page.locator("table.chronology tbody tr[id^='e-']").first.get_attribute("id") or ""
    return anchor.removeprefix("e-")


def test_an_uploader_sees_only_their_own_organisations_entries(page: Page) -> None:
    sign_in(page, UPLOADER.name)
    page.goto(f"/cases/{CASE}?from=01/01/2023")
    agencies = page.locator("table.chronology tbody tr[id^='e-'] td:nth-child(2)")
    assert agencies.count() > 0
    for text in agencies.all_inner_texts():
        assert text.startswith(UPLOADER_ORGANISATION)
    expect(page.locator("#flags")).to_have_count(0)
    expect(page.locator("#family")).to_have_count(0)
    answer = page.goto(f"/cases/{CASE}/people")
    assert answer is not None and answer.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


def test_the_case_page_works_from_the_keyboard(page: Page) -> None:
    sign_in(page, REVIEWER.name)
    page.goto(f"/cases/{CASE}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after skipping, the next Tab lands in the page's content"
    page.get_by_label("Search the text").fill("bruise")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=bruise"))
    rows = _rows(page)
    assert rows and all("bruis" in row.casefold() for row in rows)


def test_the_case_prints_as_an_a4_landscape_chronology(page: Page) -> None:
    sign_in(page, REVIEWER.name)
    page.goto(f"/cases/{CASE}")
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("table.chronology")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert sizes, "the PDF has pages"
    width, height = (float(value) for value in sizes[0])
    assert (round(width), round(height)) == (842, 595), "A4 landscape in points"


def test_an_uploader_uploads_an_extract_and_sees_its_rows(page: Page, tmp_path: Path) -> None:
    extract = ExtractBuilder(organisation=UPLOADER_ORGANISATION)
    extract.person("BT-P1", "Finn", "Doyle", date_of_birth="14/08/2024")
    extract.event(
        "NP-BROWSER-1",
        "12/07/2025",
        "police_welfare_check",
        "BT-P1",
        summary=UPLOADED,
    )
    path = extract.write_xlsx(tmp_path / "police-extra.xlsx")
    sign_in(page, UPLOADER.name)
    page.goto(f"/cases/{CASE}")
    page.get_by_role("link", name="Upload an extract").click()
    expect(page.get_by_label("Organisation")).to_have_value(UPLOADER_ORGANISATION)
    page.get_by_label("Extract file").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name=f"Check before adding to case {CASE}")).to_be_visible()
    expect(
        page.get_by_text("Welfare check after a neighbour's call (browser upload)")
    ).to_be_visible()
    screenshot(page, "upload-preview")
    page.get_by_role("button", name="Add to the case").click()
    expect(page.get_by_role("heading", name=f"Added to case {CASE}")).to_be_visible()
    page.goto(f"/cases/{CASE}?from=01/07/2025&to=31/07/2025")
    row = page.locator("table.chronology tbody tr", has_text="NP-BROWSER-1")
    expect(row).to_contain_text(UPLOADED)
