"""What browser tests share: the accounts on the test site, signing in, and screenshots.

The site (tests/browser/conftest.py) is the demo store served by `chronology serve`, with one
account per role. DEMO-002 is the case some of them were not given, so a test can show that a
person sees only their own cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

from chronology.domain.account import Role

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CASE, OTHER_CASE = "DEMO-001", "DEMO-002"
ESCAPES_CASE = "RR-ESCAPES"  # one entry whose summary is a script payload
SCRIPT_SUMMARY = "<script>alert('summary')</script><img src=x onerror=alert('img')>"
UPLOADER_ORGANISATION = "Northshire Police"
SCRIPT_NAME = "Mallory <script>alert('name')</script><img src=x onerror=alert('img')>"


@dataclass(frozen=True)
class SiteAccount:
    """A person who signs in to the test site."""

    name: str
    role: Role
    password: str
    cases: tuple[str, ...] = ()
    organisation: str | None = None
    token: bool = False  # also issue an API token (kept on the site, by name)


ADMIN = SiteAccount("Ada Admin", Role.ADMIN, "admin password long enough")
REVIEWER = SiteAccount("Rhys Reviewer", Role.REVIEWER, "reviewer password long", (CASE,))
CHAIR = SiteAccount("Cara Chair", Role.CHAIR, "chair password long enough", (CASE, OTHER_CASE))
UPLOADER = SiteAccount(
    "Una Uploader",
    Role.UPLOADER,
    "uploader password long",
    (CASE,),
    organisation=UPLOADER_ORGANISATION,
)
# A name carrying markup: every page that shows it must show it as text.
SCRIPTED = SiteAccount(
    SCRIPT_NAME, Role.REVIEWER, "scripted password long", (CASE, ESCAPES_CASE), token=True
)
ACCOUNTS = (ADMIN, REVIEWER, CHAIR, UPLOADER, SCRIPTED)


@dataclass(frozen=True)
class Site:
    """The running server: its address, its store file, the accounts and their API tokens."""

    url: str
    store: Path
    accounts: tuple[SiteAccount, ...] = ACCOUNTS
    tokens: dict[str, str] = field(default_factory=dict, repr=False)


def account(name: str) -> SiteAccount:
    """The site's account of that name (as written in ACCOUNTS)."""
    for each in ACCOUNTS:
        if each.name == name:
            return each
    raise LookupError(f"no account {name!r} on the test site; see ACCOUNTS")


def sign_in(page: Page, name: str, password: str | None = None) -> None:
    """Signs in through the login form as a person would, and waits for the next page.

    The password defaults to the account's own; give another to try a wrong one (then the
    login page stays, and nothing is waited for)."""
    typed = account(name).password if password is None else password
    page.goto("/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(typed)
    page.get_by_role("button", name="Sign in").click()
    if password is None:
        page.wait_for_url("**/cases")


def screenshot_path(name: str) -> Path:
    """Where the screenshot NAME goes (for a screenshot of one element)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """A PNG in docs/screenshots/NAME.png (overwritten on every run), of the whole page or
    what the window shows, for the README and for people reviewing the pages."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path
