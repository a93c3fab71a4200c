"""The child elements of one census element read into typed values, each bad one a placed problem.

A problem's place is the element (as the sheet), the line of the offending child element
(or of the element itself when the child is missing) as the row, and the child element's
name as the column: `CINdetails:41:CINreferralDate`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from adapters.cin_census.dated import ISO_DATE, Dated, census_day, end_before_start
from adapters.cin_census.xml_tree import Element
from chronology.problems import Problem, error, warning

SHOWN_CHARS = 80
_WHOLE = re.compile(r"[0-9]{1,6}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class Fields:
    """Reads `element`'s child elements; every problem found is added to `problems`."""

    def __init__(self, element: Element, problems: list[Problem]) -> None:
        self.element, self.problems = element, problems

    def line(self, tag: str) -> int:
        """The line of the child element, else of this element."""
        found = self.element.first(tag)
        return found.line if found is not None else self.element.line

    def note(
        self, message: str, tag: str, value: str = "", expected: str = "", *, bad: bool = False
    ) -> None:
        """A problem at the child element `tag`: an error when `bad`, else a warning."""
        self.note_at(self.line(tag), message, tag, value, expected, bad=bad)

    def note_at(
        self, line: int, message: str, tag: str, value: str, expected: str, *, bad: bool
    ) -> None:
        make = error if bad else warning
        self.problems.append(
            make(
                message,
                sheet=self.element.tag,
                row=line,
                column=tag,
                value=value[:SHOWN_CHARS],
                expected=expected,
            )
        )

    def text(self, tag: str, *, required: bool = False, limit: int = 200) -> str | None:
        """The child's text; a repeated child is a warning (the first is read)."""
        found = self.element.all(tag)
        if len(found) > 1:
            self.note(
                f"{tag} appears {len(found)} times; the first is read", tag, expected=f"one {tag}"
            )
        value = found[0].text if found else ""
        if not value and required:
            self.note(f"{self.element.tag} has no {tag}", tag, expected=f"a {tag}", bad=True)
        unusable = _unusable(value, limit)
        if unusable:
            self.note(f"{tag} {unusable[0]}", tag, value, unusable[1], bad=True)
        return value if value and not unusable else None

    def dated(self, tag: str, *, required: bool = False) -> Dated | None:
        """The child's date (yyyy-mm-dd); an unreadable date is an error."""
        value = self.text(tag, required=required, limit=40)
        return self._dated(self.line(tag), tag, value) if value else None

    def every_dated(self, tag: str) -> list[Dated]:
        """Each of the (repeatable) children's dates, each placed at its own line."""
        found = [(child.line, child.text) for child in self.element.all(tag)]
        return [dated for line, text in found if (dated := self._dated(line, tag, text))]

    def _dated(self, line: int, tag: str, value: str) -> Dated | None:
        day = census_day(value)
        if isinstance(day, str):
            self.note_at(line, f"{tag} {day}", tag, value, ISO_DATE, bad=True)
            return None
        return Dated(sheet=self.element.tag, line=line, tag=tag, day=day)

    def code(self, tag: str, codes: Mapping[str, object]) -> str | None:
        """A code from `codes`; an unknown one is a warning and is still returned."""
        value = self.text(tag, limit=20)
        if value is None or value.upper() in codes:
            return value.upper() if value else None
        self.note(
            f"{tag} '{value}' is not a code the census schema lists",
            tag,
            value,
            f"one of {', '.join(codes)}",
        )
        return value

    def codes(self, tag: str, codes: Mapping[str, object]) -> list[str]:
        """Each of the (repeatable) children's codes, once each; unknown ones are warnings."""
        found: dict[str, None] = {}
        for child in self.element.all(tag):
            value = child.text.upper()
            if value and value not in codes:
                self.note_at(
                    child.line,
                    f"{tag} '{child.text}' is not a code the census schema lists",
                    tag,
                    child.text,
                    f"one of {', '.join(codes)}",
                    bad=False,
                )
            if value:
                found.setdefault(value if value in codes else child.text)
        return list(found)

    def flag(self, tag: str) -> bool | None:
        """true/false (or 1/0); anything else is a warning and left out."""
        value = self.text(tag, limit=10)
        if value is None or value.lower() in _BOOLEANS:
            return _BOOLEANS[value.lower()] if value else None
        self.note(f"{tag} is not true or false; left out", tag, value, "true, false, 1 or 0")
        return None

    def count(self, tag: str) -> int | None:
        """A whole number; anything else is a warning and left out."""
        value = self.text(tag, limit=10)
        if value is None or _WHOLE.fullmatch(value):
            return int(value) if value else None
        self.note(f"{tag} is not a whole number; left out", tag, value, "a number such as 0 or 2")
        return None

    def in_order(self, start: Dated | None, end: Dated | None) -> None:
        """Warns when an end (a closure, a plan's end) falls before its start."""
        problem = end_before_start(start, end)
        if problem is not None:
            self.problems.append(problem)


def _unusable(value: str, limit: int) -> tuple[str, str] | None:
    """What is wrong with a value, and what was expected; None when it is fine."""
    if len(value) > limit:
        return f"is {len(value):,} characters long", f"at most {limit} characters"
    if _CONTROL.search(value):
        return "holds a control character", "plain text (remove the hidden character)"
    return None
