"""Kept answers (API timelines, case pages): reused per key, bounded in number and in bytes;
a kept page is filled in with each reader's own name and CSRF token, escaped."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from chronology.domain.account import Account, Role
from views.web.answer_cache import Answer, Answers, answer_of
from views.web.page_cache import CSRF_MARK, NAME_MARK, KeptPage


def _kept(body: bytes) -> Answer:
    return answer_of(body)


def test_an_answer_is_built_once_per_key_and_carries_an_etag_of_its_body() -> None:
    answers, built = Answers[Answer](), []

    def build() -> Answer:
        built.append(1)
        return _kept(b"[1, 2]")

    first, again = answers.get("case-1", build), answers.get("case-1", build)
    assert first is again and len(built) == 1
    assert answers.get("case-2", lambda: _kept(b"[1, 2]")).etag == first.etag
    assert answers.get("case-3", lambda: _kept(b"[3]")).etag != first.etag


def test_past_either_bound_the_least_recently_used_answers_go_first() -> None:
    answers = Answers[Answer](size=10, most_bytes=25)
    for key in ("a", "b"):
        answers.get(key, lambda: _kept(b"x" * 10))
    answers.get("a", lambda: _kept(b"rebuilt"))  # used again: now the most recent
    answers.get("c", lambda: _kept(b"y" * 10))  # 30 bytes in all: the oldest, b, goes
    assert answers.get("a", lambda: _kept(b"rebuilt")).body == b"x" * 10
    assert answers.get("b", lambda: _kept(b"rebuilt")).body == b"rebuilt"


def test_an_answer_larger_than_the_bound_is_given_but_not_kept() -> None:
    answers, built = Answers[Answer](most_bytes=4), []
    for _ in range(2):
        answers.get("big", lambda: built.append(1) or _kept(b"too large"))
    assert len(built) == 2


def test_a_kept_page_carries_each_readers_own_name_and_token_escaped() -> None:
    page = KeptPage.of(
        f"<p>{NAME_MARK}</p><input value='{CSRF_MARK}'><input value='{CSRF_MARK}'>".encode()
    )
    reader = Account.register("Ann <O'Neil>", Role.CHAIR, None, "hash")
    assert page.for_viewer(reader, "t&1") == (
        b"<p>Ann &lt;O&#39;Neil&gt;</p><input value='t&amp;1'><input value='t&amp;1'>"
    )
    assert page.size == sum(len(part) for part in page.parts)


def test_readers_asking_at_once_wait_for_one_build() -> None:
    answers, built = Answers[Answer](), []
    release = threading.Event()

    def slow_build() -> Answer:
        built.append(1)
        release.wait(5)
        return _kept(b"the page")

    with ThreadPoolExecutor(max_workers=8) as pool:
        asked = [pool.submit(answers.get, "case-1", slow_build) for _ in range(8)]
        time.sleep(0.2)  # every reader has asked; one is building
        release.set()
        bodies = {future.result(timeout=5).body for future in asked}
    assert bodies == {b"the page"} and len(built) == 1
