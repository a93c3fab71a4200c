"""Real-browser tests: the web app served by `chronology serve`, driven in Debian's Chromium.

One server per test session, as its own process, over a temporary SQLite store loaded with
the demo cases and one account per role (tests/browser/helpers.py). Playwright for Python
(from PyPI) drives /usr/bin/chromium: it never downloads a browser of its own, which a machine
that reaches only the package registries could not do. The background-networking flags stop
Chromium calling home, which the closed network would refuse.

Every test here is marked `browser` and runs in one xdist group (`--dist loadgroup`), so one
worker starts the server and the browser once. The browser stops when the run leaves these
tests (Playwright's sync API must not outlive them); the server at the end of the session.
Each test gets a fresh browser context: no cookies or session carried over from the test before.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, Playwright, sync_playwright
from rich.console import Console

from chronology.bootstrap import open_service
from chronology.settings import Settings
from tests.browser.helpers import ACCOUNTS, ESCAPES_CASE, ROOT, SCRIPT_SUMMARY, Site
from tests.builders import ExtractBuilder
from views.demo import load_demo

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHRONOLOGY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_SECONDS = 60
GROUP = "browser"
STEP_MS = 10_000  # longest wait for one step in a page: generous on a busy two-core machine


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the served web app in Chromium")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks every test under tests/browser, so they share one worker (and one server)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group(GROUP))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo store with the test accounts, served on a free port until the session ends."""
    folder = tmp_path_factory.mktemp("site")
    store = folder / "site.sqlite"
    tokens = _prepare_store(store)
    port = _free_port()
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "views.cli",
                "serve",
                "--port",
                str(port),
                "--store",
                str(store),
            ],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process, log)
        yield Site(url=url, store=store, tokens=tokens)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def browser() -> Browser:
    """Debian's Chromium, started on first use and kept while browser tests follow each other."""
    return _CHROMIUM.started()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Stops the browser after the last browser test in a row (called for tests here only).

    While Playwright's sync API is up, its event loop counts as running in this thread, so
    `asyncio.run` in a later test on the same worker would fail; it must not outlive the
    browser tests."""
    yield
    if nextitem is None or HERE not in nextitem.path.parents:
        _CHROMIUM.stop()


def pytest_sessionfinish() -> None:
    _CHROMIUM.stop()  # after an interrupted run, too


@dataclass
class _Chromium:
    """Playwright and the browser it launched, or nothing."""

    playwright: Playwright | None = None
    browser: Browser | None = None

    def started(self) -> Browser:
        if self.browser is None:
            if not CHROMIUM.exists():  # installs Debian's chromium (scripts/browser.sh)
                subprocess.run(["bash", str(ROOT / "scripts" / "browser.sh")], check=True)
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
        return self.browser

    def stop(self) -> None:
        if self.browser is not None:
            self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()
        self.browser = self.playwright = None


_CHROMIUM = _Chromium()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert, confirm or prompt the page opened (each dismissed)."""
    return []


@pytest.fixture
def page(browser: Browser, site: Site, dialogs: list[str]) -> Iterator[Page]:
    """A page in a fresh context (no cookies), at a desktop size, in UK English and time.

    No page of ours opens a dialog: one that does means markup ran as script, so the test
    fails even if it did not look for one."""
    context = browser.new_context(
        base_url=site.url,
        viewport={"width": 1280, "height": 800},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(STEP_MS)
    opened = context.new_page()
    opened.on("dialog", lambda dialog: _dismiss(dialog, dialogs))
    try:
        yield opened
    finally:
        context.close()
    assert not dialogs, f"a page opened a dialog (script ran): {dialogs}"


def _dismiss(dialog: Dialog, seen: list[str]) -> None:
    seen.append(dialog.message)
    dialog.dismiss()


def _prepare_store(store: Path) -> dict[str, str]:
    """Loads the demo cases (as `chronology demo` does) and adds the accounts; returns the
    API tokens issued, by account name."""
    load_demo(store, Console(file=io.StringIO()))
    service = open_service(Settings(store=store))
    try:
        escapes = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024")
        escapes.event("N1", "07/09/2024", "police_welfare_check", "P1", summary=SCRIPT_SUMMARY)
        service.import_file(escapes.write_csv_folder(store.parent / "escapes"), ESCAPES_CASE, "t")
        tokens = {}
        for account in ACCOUNTS:
            service.accounts.add_user(
                account.name,
                account.role,
                account.password,
                account.organisation,
                list(account.cases),
            )
            if account.token:
                tokens[account.name] = service.accounts.issue_token(account.name)
        return tokens
    finally:
        service.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not answer within {START_SECONDS} s:\n{log.read_text()}")
