"""Person mentions as matching sees them: names folded, babies unnamed, identifiers checked.

"Baby", "Baby of Kerry Walsh", "Unborn" and the like are not given names: they become no
given name (the mother's surname is kept as a surname). Maiden and other names in
`known_as`, the parts of double-barrelled surnames and nicknames all become alternatives.
The original values are kept for display; only matching uses these.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from chronology.people.nicknames import forms_of

_NOT_A_NAME = re.compile(
    r"^(baby|babe|infant|unborn|unnamed|unknown|not known|nk|n/k|baby of .*|unborn baby.*"
    r"|(unborn )?(baby|child) (boy|girl)|twin [12ab])$"
)
_BABY_OF = re.compile(r"^(unborn )?(baby|child|infant) of (?P<parent>.+)$")


@dataclass(frozen=True)
class MatchRow:
    """One mention, ready for matching (names lower-case, ASCII-folded)."""

    unique_id: str
    organisation: str
    agency: str
    first_name: str | None
    first_names: list[str]
    surname: str | None
    surnames: list[str]
    dob: str | None
    sex: str | None
    postcode: str | None
    address: str | None
    nhs_number: str | None
    local_ids: dict[str, str]
    is_unborn: bool

    def as_splink(self) -> dict[str, Any]:
        return {
            "unique_id": self.unique_id,
            "organisation": self.organisation,
            "first_name": self.first_name,
            "first_names": self.first_names,
            "surname": self.surname,
            "surnames": self.surnames,
            "dob": self.dob,
            "sex": self.sex,
            "postcode": self.postcode,
            "address": self.address,
        }


def fold(text: str | None) -> str:
    """Lower-case ASCII letters, spaces, hyphens and apostrophes only."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z' -]", " ", plain.casefold()).split())


def match_row(mention_id: str, organisation: str, agency: str, record: dict[str, Any]) -> MatchRow:
    """The matching view of one mention (`record` is a stored PersonRecord, as JSON)."""
    given = fold(record.get("given_names"))
    family = fold(record.get("family_name"))
    aliases = [fold(name) for name in record.get("known_as") or () if _looks_like_a_name(name)]
    first = None if _NOT_A_NAME.match(given) or not given else given.split()[0]
    firsts, surnames = _alternatives(first, family, aliases)
    dob = record.get("date_of_birth")
    unborn = (bool(record.get("expected_birth_date")) and not dob) or given.startswith("unborn")
    return MatchRow(
        unique_id=mention_id,
        organisation=organisation,
        agency=agency,
        first_name=first,
        first_names=sorted(firsts),
        surname=family.split()[-1] if family.split() else None,
        surnames=sorted(surnames),
        dob=_day(dob),
        sex=_sex(record.get("sex")),
        postcode=(record.get("postcode") or "").replace(" ", "").upper() or None,
        address=_first_line(record.get("address")),
        nhs_number=record.get("nhs_number"),
        local_ids=_local_ids(record),
        is_unborn=unborn,
    )


_DESCRIPTIVE = frozenset(
    "partner partner's partners son daughter baby mum mother dad father brother sister about"
    " aka friend uncle aunt nan gran grandmother grandad grandfather cousin boyfriend girlfriend"
    " husband wife ex neighbour unknown".split()
)


def _looks_like_a_name(alias: str) -> bool:
    """A known-as entry that is a name ("Kerry Walsh"), not a description ("partner's son")."""
    words = fold(alias).split()
    return (
        0 < len(words) <= 4
        and not any(ch.isdigit() or ch in ",;()" for ch in alias)
        and (
            _BABY_OF.match(" ".join(words)) is not None
            or not any(word in _DESCRIPTIVE for word in words)
        )
    )


def _alternatives(first: str | None, family: str, aliases: list[str]) -> tuple[set[str], set[str]]:
    firsts = set(forms_of(first)) if first else set()
    surnames = _surname_parts(family)
    for alias in aliases:
        baby_of = _BABY_OF.match(alias)
        words = (baby_of.group("parent") if baby_of else alias).split()
        if baby_of or len(words) > 1:  # a one-word alias is a nickname, not a surname
            surnames |= _surname_parts(words[-1])
        if words and not baby_of and not _NOT_A_NAME.match(alias):
            firsts |= forms_of(words[0])
    return firsts, surnames


def _surname_parts(family: str) -> set[str]:
    """The whole surname and each part of a double-barrelled one (Price-Walsh, Price Walsh)."""
    if not family:
        return set()
    parts = {part for part in re.split(r"[ -]", family) if len(part) > 1}
    return parts | {family.replace(" ", "-")}


def _first_line(address: Any) -> str | None:
    """The house and street, folded ("12 Calder Row, Northshire" -> "12 calder row")."""
    line = fold(str(address).split(",")[0]) if address else ""
    return line or None


def _day(value: Any) -> str | None:
    if not value or value.get("precision") not in ("day", "minute"):
        return None
    return str(value["start"])


def _sex(value: Any) -> str | None:
    return value if value in ("female", "male") else None


def _local_ids(record: dict[str, Any]) -> dict[str, str]:
    return {
        key: str(record[key]) for key in ("la_child_id", "upn", "police_ref") if record.get(key)
    }
