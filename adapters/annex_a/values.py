"""Reading Annex A's yes/no answers and counts as authorities write them ("a) Yes", "Y", 3.0)."""

from __future__ import annotations

import re

from adapters.annex_a.codes import strip_letter
from adapters.annex_a.lists import squash
from chronology.vocabulary import ChildSeen, YesNo, YesNoUnknown

_ANSWERS = {
    YesNoUnknown.YES: {"yes", "y", "true"},
    YesNoUnknown.NO: {"no", "n", "false"},
    YesNoUnknown.UNKNOWN: {"unknown", "u", "notknown", "notrecorded", "unk"},
}
_FIRST_WORD = re.compile(r"[\s\-:,;(]+")
_COUNT = re.compile(r"\d{1,6}")


def yes_no_of(text: str) -> YesNoUnknown | None:
    """Yes, no or unknown from 'Yes', 'Y', 'a) Yes', 'No - not seen', 'Unknown'; else None."""
    plain = strip_letter(text)
    if squash(plain) in _ANSWERS[YesNoUnknown.UNKNOWN]:
        return YesNoUnknown.UNKNOWN
    first = squash(_FIRST_WORD.split(plain, maxsplit=1)[0])
    return next((answer for answer, words in _ANSWERS.items() if first in words), None)


def count_of(text: str) -> int | None:
    """A whole number of things (0 to 999,999), or None."""
    plain = text.strip()
    return int(plain) if _COUNT.fullmatch(plain) else None


def as_bool(answer: YesNoUnknown | None) -> bool | None:
    """True or False for yes or no; None when unknown or not given."""
    return {YesNoUnknown.YES: True, YesNoUnknown.NO: False}.get(answer) if answer else None


def as_child_seen(answer: YesNoUnknown | None) -> ChildSeen | None:
    seen = as_bool(answer)
    return None if seen is None else (ChildSeen.YES if seen else ChildSeen.NO)


def as_yes_no(answer: YesNoUnknown | None) -> YesNo | None:
    seen = as_bool(answer)
    return None if seen is None else (YesNo.YES if seen else YesNo.NO)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 22nd..."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def present(values: dict[str, object]) -> dict[str, object]:
    """The values that were given (None and '' left out)."""
    return {key: value for key, value in values.items() if value is not None and value != ""}


def capitalised(text: str | None) -> str | None:
    """The text with its first letter in capitals (an outcome read as a sentence)."""
    return text[:1].upper() + text[1:] if text else text
