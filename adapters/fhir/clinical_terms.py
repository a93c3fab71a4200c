"""What a Condition or Observation describes: an injury, a growth concern, a safeguarding concern.

Read from SNOMED CT codes where the system sends them and from the words otherwise. A finding
written as absent ("no bruising seen") is not an injury. Anything else is not a chronology
event and is left out without a problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from chronology.vocabulary import EventType

SNOMED = "http://snomed.info/sct"
INJURY_CODES = {
    "125667009": "bruise",  # Contusion (disorder)
    "125605004": "fracture",  # Fracture of bone (disorder)
    "125666000": "burn",  # Burn (disorder)
    "283682007": "bite",  # Bite - wound (disorder)
    "312608009": "injury",  # Laceration - injury (disorder)
    "399963005": "injury",  # Abrasion (disorder)
    "417163006": "injury",  # Traumatic AND/OR non-traumatic injury (disorder)
}
GROWTH_CODES = frozenset({"54840006"})  # Failure to thrive (finding)

INJURY_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.IGNORECASE), injury)
    for pattern, injury in (
        (r"\bbruis\w*|\bcontusion", "bruise"),
        (r"\bfracture\w*|\bbroken (arm|leg|bone|rib|wrist|skull)", "fracture"),
        (r"\bburns?\b|\bburnt\b|\bburned\b|\bscald\w*", "burn"),
        (r"\bbites?\b|\bbitten\b", "bite"),
        (r"\bbleed\w*|\bhaemorrhage|\bhaematoma|\bhematoma", "bleeding"),
        (r"\binjur\w*|\blaceration|\babrasion|\bwound\b|\bnon-accidental", "injury"),
    )
]
GROWTH_WORDS = re.compile(
    r"faltering (growth|weight)|weight faltering|failure to thrive|poor (weight gain|growth)"
    r"|growth concern",
    re.IGNORECASE,
)
CONCERN_WORDS = re.compile(
    r"safeguarding|child protection|\bneglect|domestic (abuse|violence)|child at risk", re.I
)
_NEGATED = re.compile(r"\b(no|nil|not|without|denies|absence of|negative for)\b[^.;,]{0,30}$", re.I)


@dataclass(frozen=True)
class Finding:
    """What a clinical record describes, as a chronology event."""

    event_type: EventType
    attributes: dict[str, str]
    label: str


def finding(codes: Iterable[tuple[str, str]], texts: Iterable[str]) -> Finding | None:
    """The injury or concern that codes (system, code) or texts describe, or None."""
    coded = list(codes)
    words = [text for text in texts if text]
    injury = _coded_injury(coded) or _worded_injury(words)
    if injury:
        return Finding(EventType("injury_observed"), {"injury": injury}, "Injury observed")
    if any(code in GROWTH_CODES for _, code in coded) or _said(GROWTH_WORDS, words):
        return Finding(EventType("growth_concern"), {}, "Growth concern")
    if _said(CONCERN_WORDS, words):
        return Finding(EventType("other"), {"concern": "safeguarding"}, "Safeguarding concern")
    return None


def _coded_injury(codes: list[tuple[str, str]]) -> str | None:
    for system, code in codes:
        if system == SNOMED and code in INJURY_CODES:
            return INJURY_CODES[code]
    return None


def _worded_injury(texts: list[str]) -> str | None:
    for pattern, injury in INJURY_WORDS:
        if _said(pattern, texts):
            return injury
    return None


def _said(pattern: re.Pattern[str], texts: list[str]) -> bool:
    """Whether any text says it, and not as an absent finding ("no bruises seen")."""
    return any(
        not _NEGATED.search(text[max(0, match.start() - 40) : match.start()])
        for text in texts
        for match in pattern.finditer(text)
    )
