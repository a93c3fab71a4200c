"""Annex A code lists in words: sources, closure reasons, abuse categories, legal statuses.

Authorities write a code several ways (`6`, `q) 6: Police`, `Police`); `CodeList.read` finds
the code in any of them, so the timeline can say "Referral from police" and keep the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from adapters.annex_a.lists import squash

_LETTER_PREFIX = re.compile(r"^\(?[a-z]{1,2}\d?\)\s*", re.IGNORECASE)  # "a) ", "p1) "
_TOKEN_END = re.compile(r"[\s:\-–.,;/)]+")
_ARTICLE = re.compile(r"^(a|an|the) ", re.IGNORECASE)


def strip_letter(text: str) -> str:
    """The value without the template's option letter: "a) Yes" -> "Yes"."""
    return _LETTER_PREFIX.sub("", text.strip())


@dataclass(frozen=True)
class CodeList:
    """Codes and their words; `aliases` are other spellings authorities use for a code."""

    name: str
    words: dict[str, str]
    aliases: dict[str, str] = field(default_factory=dict)

    def read(self, text: str) -> str | None:
        """The code written in `text` (by code or in words), or None if none is recognised."""
        plain = strip_letter(text)
        token = _TOKEN_END.split(plain, maxsplit=1)[0].upper()
        if token in self.words:
            return token
        return self._by_words.get(squash(plain))

    @cached_property
    def _by_words(self) -> dict[str, str]:
        named = {squash(_ARTICLE.sub("", words)): code for code, words in self.words.items()}
        return named | {squash(alias): code for alias, code in self.aliases.items()}


SOURCES = CodeList(
    "a source code (1A-1D, 2A-2B, 3A-3F, 4, 5A-5D, 6, 7, 8, 9 or 10)",
    {
        "1A": "a family member, relative or carer",
        "1B": "an acquaintance (neighbour or childminder)",
        "1C": "the child (self-referral)",
        "1D": "another individual",
        "2A": "a school",
        "2B": "education services",
        "3A": "a GP",
        "3B": "a health visitor",
        "3C": "a school nurse",
        "3D": "other primary health services",
        "3E": "A&E",
        "3F": "other health services",
        "4": "housing",
        "5A": "LA social care",
        "5B": "another LA service (e.g. youth offending)",
        "5C": "another local authority",
        "5D": "early help",
        "6": "police",
        "7": "another legal agency (courts, probation, immigration, Cafcass, prison)",
        "8": "another organisation (children's centre, voluntary or independent provider)",
        "9": "an anonymous source",
        "10": "an unknown source",
    },
    {"schools": "2A", "self": "1C", "anonymous": "9", "unknown": "10", "other": "8",
     "family": "1A", "relative": "1A", "acquaintance": "1B", "accident and emergency": "3E",
     "other legal agency": "7", "early help": "5D", "schools nurse": "3C"},
)  # fmt: skip

CLOSURE_REASONS = CodeList(
    "a reason for closure, RC1 to RC9",
    {
        "RC1": "adopted",
        "RC2": "died",
        "RC3": "child arrangements order",
        "RC4": "special guardianship order",
        "RC5": "transferred to another local authority",
        "RC6": "transferred to adult social care services",
        "RC7": "services ceased for another reason, including no longer in need",
        "RC8": "closed after assessment, no further action",
        "RC9": "closed after assessment, referred to early help",
    },
)

ABUSE_CATEGORIES = CodeList(
    "a category of abuse: NEG, PHY, SAB, EMO or MUL",
    {
        "NEG": "neglect",
        "PHY": "physical abuse",
        "SAB": "sexual abuse",
        "EMO": "emotional abuse",
        "MUL": "multiple categories",
    },
    {"physical": "PHY", "sexual": "SAB", "emotional": "EMO", "multiple": "MUL",
     "multiple/not recommended": "MUL"},
)  # fmt: skip

LEGAL_STATUSES = CodeList(
    "a legal status code such as C1, C2, E1, V2, L1 or L2",
    {
        "C1": "interim care order",
        "C2": "full care order",
        "D1": "freeing order",
        "E1": "placement order",
        "V2": "accommodated under section 20",
        "V3": "short breaks (single episodes)",
        "V4": "short breaks (agreed series)",
        "L1": "police protection, in LA accommodation",
        "L2": "emergency protection order",
        "L3": "child assessment order, in LA accommodation",
        "J1": "remanded to LA accommodation or youth detention",
        "J2": "in LA accommodation under PACE",
        "J3": "youth rehabilitation order with residence requirement",
    },
    {"ICO": "C1", "FCO": "C2", "EPO": "L2", "S20": "V2", "section 20": "V2"},
)

CASE_STATUSES = CodeList(
    "a case status: looked after child, CP plan, CIN plan, open assessment or closed episode",
    {
        "LAC": "looked after child",
        "CPP": "child protection plan",
        "CIN": "child in need plan",
        "ASSESSMENT": "open assessment",
        "CLOSED": "closed episode",
    },
    {"closed": "CLOSED", "cp plan": "CPP", "cin plan": "CIN", "looked after": "LAC"},
)

PRIMARY_NEEDS = CodeList(
    "a need code, N0 to N9",
    {
        "N1": "abuse or neglect",
        "N2": "child's disability",
        "N3": "parental disability or illness",
        "N4": "family in acute stress",
        "N5": "family dysfunction",
        "N6": "socially unacceptable behaviour",
        "N7": "low income",
        "N8": "absent parenting",
        "N9": "cases other than children in need",
        "N0": "not stated",
    },
)

GENDERS = CodeList(
    "a gender: male, female, not stated/recorded or neither",
    {"M": "male", "F": "female", "U": "not stated or recorded", "N": "neither"},
    {"1": "M", "2": "F", "0": "U", "9": "N", "boy": "M", "girl": "F", "unknown": "U",
     "not stated/recorded": "U", "not stated": "U", "not recorded": "U", "unborn": "U",
     "indeterminate": "N", "other": "N"},
)  # fmt: skip
