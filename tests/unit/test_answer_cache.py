"""Kept answers (API timelines, case pages): reused for the same key, bounded in number and in bytes."""

from __future__ import annotations

from views.web.answer_cache import Answers


def test_an_answer_is_built_once_per_key_and_carries_an_etag_of_its_body() -> None:
    answers, built = Answers(), []

    def build() -> bytes:
        built.append(1)
        return b"[1, 2]"

    first, again = answers.get("case-1", build), answers.get("case-1", build)
    assert first is again and len(built) == 1
    assert answers.get("case-2", lambda: b"[1, 2]").etag == first.etag
    assert answers.get("case-3", lambda: b"[3]").etag != first.etag


def test_past_either_bound_the_least_recently_used_answers_go_first() -> None:
    answers = Answers(size=10, most_bytes=25)
    for key in ("a", "b"):
        answers.get(key, lambda: b"x" * 10)
    answers.get("a", lambda: b"rebuilt")  # used again: now the most recent
    answers.get("c", lambda: b"y" * 10)  # 30 bytes in all: the oldest, b, goes
    assert answers.get("a", lambda: b"rebuilt").body == b"x" * 10
    assert answers.get("b", lambda: b"rebuilt").body == b"rebuilt"


def test_an_answer_larger_than_the_bound_is_given_but_not_kept() -> None:
    answers, built = Answers(most_bytes=4), []
    for _ in range(2):
        answers.get("big", lambda: built.append(1) or b"too large")
    assert len(built) == 2
