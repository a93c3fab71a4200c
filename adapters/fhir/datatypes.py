"""Plain values from FHIR data types: text of a CodeableConcept, names, addresses, dates.

FHIR partial dates ("2024-03") arrive from the models as text, whole ones as `date` or
`datetime`: `fuzzy_date` reads all three, keeping the precision given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fhir.resources.R4B.address import Address
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.humanname import HumanName

from chronology.dates import DateError, FuzzyDate, parse_date

MAX_TEXT = 500
NAME_USES = ("official", "usual", None)


def concept_text(concept: CodeableConcept | None) -> str:
    """The concept's text, else its first coding's display, else its first code."""
    if concept is None:
        return ""
    if concept.text:
        return concept.text.strip()
    for coding in concept.coding or []:
        if coding.display:
            return coding.display.strip()
    return next((coding.code.strip() for coding in concept.coding or [] if coding.code), "")


def concepts_text(concepts: Iterable[CodeableConcept | None]) -> str:
    """The texts of several concepts, each once, joined with '; '."""
    texts = (concept_text(concept) for concept in concepts)
    return "; ".join(dict.fromkeys(text for text in texts if text))


def codings(concepts: Iterable[CodeableConcept | None]) -> list[tuple[str, str]]:
    """Every (system, code) pair the concepts carry."""
    return [
        (coding.system or "", coding.code or "")
        for concept in concepts
        if concept is not None
        for coding in concept.coding or []
    ]


def fuzzy_date(value: Any) -> FuzzyDate | None:
    """A FHIR date, dateTime or instant as a `FuzzyDate`; None if absent or unreadable."""
    if value is None or value == "":
        return None
    try:
        return parse_date(value)
    except (DateError, ValueError, OverflowError):
        return None


def main_name(names: list[HumanName] | None) -> HumanName | None:
    """The official name, else the usual one, else the first that is not old."""
    current = [name for name in names or [] if name.use not in ("old", "anonymous", "maiden")]
    for use in NAME_USES:
        found = next((name for name in current if name.use == use), None)
        if found is not None:
            return found
    return current[0] if current else None


def given_names(name: HumanName | None) -> str | None:
    parts = (name.given if name else None) or []
    return " ".join(part.strip() for part in parts if part and part.strip()) or None


def full_name(name: HumanName) -> str:
    """A name as written: its text, else its given and family names."""
    if name.text:
        return name.text.strip()
    return " ".join(part for part in (given_names(name), name.family) if part)


def other_names(names: list[HumanName] | None, main: HumanName | None) -> tuple[str, ...]:
    """Every other name the person is known by (maiden, old, nickname, 'Baby of ...')."""
    others = (full_name(name) for name in names or [] if name is not main)
    shown = full_name(main) if main else ""
    return tuple(dict.fromkeys(name for name in others if name and name != shown))


def home_address(addresses: list[Address] | None) -> Address | None:
    """The current home address, else the first current one."""
    current = [address for address in addresses or [] if address.use != "old"]
    home = [address for address in current if address.use == "home"]
    chosen = home or current
    return chosen[0] if chosen else None


def address_text(address: Address) -> str | None:
    """An address on one line, without its postcode."""
    if address.text and not address.line:
        return address.text.strip()
    parts = [*(address.line or []), address.city, address.district]
    return ", ".join(part.strip() for part in parts if part and part.strip()) or None


def clipped(text: str, limit: int = MAX_TEXT) -> str:
    """Text cut to the limit, with an ellipsis where it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
