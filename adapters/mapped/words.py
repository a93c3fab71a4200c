"""An agency's own words, compared as people read them: case and spacing do not matter.

Also the checks that a code a mapping file gives (an agency, an event type, a relationship,
a sex) is one of ours, with a suggestion when it is nearly one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import lru_cache

from pydantic import AfterValidator


@lru_cache(maxsize=8192)  # column names and category words repeat on every row
def word_key(word: str) -> str:
    """`"  Domestic   INCIDENT "` and `"domestic incident"` are the same word."""
    return " ".join(word.casefold().split())


def did_you_mean(given: str, options: Iterable[str]) -> str:
    """` (did you mean 'x'?)`, or nothing when no option is close."""
    close = difflib.get_close_matches(given, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def code_of(options: type[StrEnum], what: str) -> Callable[[str], str]:
    """A check that text is one of an enum's codes (case and spaces forgiven)."""
    codes = [option.value for option in options]

    def check(text: str) -> str:
        code = "_".join(word_key(text).split())
        if code not in codes:
            listed = ", ".join(codes) if len(codes) <= 20 else "the list in EXTRACT-FORMAT.md"
            raise ValueError(
                f"{text[:80]!r} is not {what}{did_you_mean(code, codes)}; expected one of {listed}"
            )
        return code

    return check


def code_validator(options: type[StrEnum], what: str) -> AfterValidator:
    return AfterValidator(code_of(options, what))


def lookup_table(words: dict[str, str], where: str) -> dict[str, str]:
    """The table keyed by `word_key`; two spellings of one word are a mistake."""
    table: dict[str, str] = {}
    spelled: dict[str, str] = {}
    for word, code in words.items():
        key = word_key(word)
        if key in table and table[key] != code:
            raise ValueError(
                f"{spelled[key]!r} and {word!r} in {where} are the same word (case and spaces "
                "are ignored) with different codes"
            )
        table[key], spelled[key] = code, word
    return table
